import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { LRUCache } from 'lru-cache';
import { EMBEDDING_MODELS, type EmbeddingModel, type EmbeddingModelName } from './models.js';

export const EMBEDDING_DIMENSIONS = 384;

export interface EmbedderOptions {
  modelDir: string;
  modelName: EmbeddingModelName;
  allowRemote: boolean;
  /** Query texts whose vectors are kept in memory. */
  cacheSize?: number;
}

/**
 * The local sentence-embedding model (L2-normalised vectors, pooled and prefixed as the model expects). Loaded once;
 * query vectors are cached by text in a bounded LRU because users repeat queries and an embedding costs a model run.
 */
export class Embedder {
  private readonly cache: LRUCache<string, number[]>;
  cacheHits = 0;

  private constructor(
    private readonly extract: FeatureExtractionPipeline,
    readonly model: EmbeddingModel,
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
    const embedder = new Embedder(extract, EMBEDDING_MODELS[options.modelName], options.cacheSize ?? 2048);
    await embedder.embedBatch(['warm-up']); // the first run allocates the ONNX session's buffers
    return embedder;
  }

  /** Vectors of many passages (the texts search finds), one model run each batch; not cached (seed-time use). */
  embedBatch(texts: string[], batchSize = 32): Promise<number[][]> {
    return this.run(
      texts.map((t) => this.model.passagePrefix + t),
      batchSize,
    );
  }

  private async run(texts: string[], batchSize: number): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const tensor = await this.extract(texts.slice(i, i + batchSize), {
        pooling: this.model.pooling,
        normalize: true,
      });
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
    const [vector] = await this.run([this.model.queryPrefix + text], 1);
    this.cache.set(text, vector!);
    return vector!;
  }
}
