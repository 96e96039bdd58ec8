import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { LRUCache } from 'lru-cache';

export const EMBEDDING_DIMENSIONS = 384;

export interface EmbedderOptions {
  modelDir: string;
  modelName: string;
  allowRemote: boolean;
  /** Query texts whose vectors are kept in memory. */
  cacheSize?: number;
}

/**
 * The local sentence-embedding model (mean-pooled, L2-normalised MiniLM vectors). Loaded once; query vectors are
 * cached by text in a bounded LRU because users repeat queries and an embedding costs a model run.
 */
export class Embedder {
  private readonly cache: LRUCache<string, number[]>;
  cacheHits = 0;

  private constructor(
    private readonly extract: FeatureExtractionPipeline,
    cacheSize: number,
  ) {
    this.cache = new LRUCache({ max: cacheSize });
  }

  static async load(options: EmbedderOptions): Promise<Embedder> {
    env.allowRemoteModels = options.allowRemote;
    env.allowLocalModels = true;
    env.localModelPath = `${options.modelDir}/`;
    const name = options.allowRemote ? `Xenova/${options.modelName}` : options.modelName;
    const extract = await pipeline('feature-extraction', name, { quantized: true });
    const embedder = new Embedder(extract, options.cacheSize ?? 2048);
    await embedder.embedBatch(['warm-up']); // the first run allocates the ONNX session's buffers
    return embedder;
  }

  /** Vectors for many texts in one model run each batch; not cached (seed-time use). */
  async embedBatch(texts: string[], batchSize = 32): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const tensor = await this.extract(texts.slice(i, i + batchSize), { pooling: 'mean', normalize: true });
      out.push(...(tensor.tolist() as number[][]));
    }
    return out;
  }

  /** The vector of one query text, from the cache when seen before. */
  async embed(text: string): Promise<number[]> {
    const cached = this.cache.get(text);
    if (cached) {
      this.cacheHits++;
      return cached;
    }
    const [vector] = await this.embedBatch([text]);
    this.cache.set(text, vector!);
    return vector!;
  }
}
