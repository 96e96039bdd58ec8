import { env, pipeline } from '@xenova/transformers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ensureModel } from '../../src/local/model-files.js';

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('local embedding model', () => {
  it('loads from the local folder with remote models off and captures meaning', async () => {
    const config = loadConfig({});
    ensureModel(config.MODEL_DIR, config.MODEL_NAME);
    env.allowRemoteModels = false;
    env.localModelPath = `${config.MODEL_DIR}/`;
    const extract = await pipeline('feature-extraction', config.MODEL_NAME, { quantized: true });
    const out = await extract(
      [
        'my model got worse although nobody changed the code',
        'prediction quality decays because the incoming data distribution has shifted',
        'a recipe for baking chocolate cake at home',
      ],
      { pooling: 'mean', normalize: true },
    );
    expect(out.dims).toEqual([3, 384]);
    const [query, paraphrase, unrelated] = out.tolist() as number[][];
    expect(Math.sqrt(dot(query!, query!))).toBeCloseTo(1, 4);
    expect(dot(query!, paraphrase!)).toBeGreaterThan(dot(query!, unrelated!) + 0.2);
  });
});
