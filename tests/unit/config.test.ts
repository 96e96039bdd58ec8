import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, loadConfig, neo4jUri, PROJECT_ROOT } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies documented defaults for the embedded setup', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.NEO4J_URI).toBeUndefined();
    expect(neo4jUri(config)).toBe('bolt://127.0.0.1:7687');
    expect(config.ALLOW_REMOTE_MODELS).toBe(false);
  });

  it('resolves folders against the project root, defaults included', () => {
    expect(path.isAbsolute(loadConfig({}).DATA_DIR)).toBe(true);
    expect(loadConfig({}).DATA_DIR).toBe(path.join(PROJECT_ROOT, '.data'));
    expect(loadConfig({ MODEL_DIR: 'elsewhere' }).MODEL_DIR).toBe(path.join(PROJECT_ROOT, 'elsewhere'));
  });

  it('names the variable, the expectation and the value given', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: expected .*number.*given "eighty"/);
    expect(() => loadConfig({ NEO4J_URI: 'http://x' })).toThrow(
      /NEO4J_URI: expected a bolt:\/\/ or neo4j:\/\/ URI; given "http:\/\/x"/,
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: expected .*"info".*given "loud"/);
  });

  it('never prints a password it rejects', () => {
    expect(() => loadConfig({ NEO4J_PASSWORD: 'short' })).toThrow(
      /NEO4J_PASSWORD: expected at least 8 characters .*given \(hidden\)/,
    );
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: '0x', NEO4J_LOCAL_PORT: '99999' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/NEO4J_LOCAL_PORT/);
    }
  });

  it('reads named API keys and refuses short keys or repeated names without printing them', () => {
    expect(loadConfig({}).API_KEYS).toEqual([]);
    expect(
      loadConfig({ API_KEYS: 'alice:aaaaaaaaaaaaaaaaaaaaaaaaaaaa, bob:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }).API_KEYS,
    ).toEqual([
      { name: 'alice', key: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa', scopes: ['curate'] },
      { name: 'bob', key: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', scopes: ['curate'] },
    ]);
    expect(
      loadConfig({
        API_KEYS: 'app:aaaaaaaaaaaaaaaaaaaaaaaaaaaa:learners, both:b:bbbbbbbbbbbbbbbbbbbbbbbbbbbb:learners+curate',
      }).API_KEYS,
    ).toEqual([
      { name: 'app', key: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa', scopes: ['learners'] },
      { name: 'both', key: 'b:bbbbbbbbbbbbbbbbbbbbbbbbbbbb', scopes: ['learners', 'curate'] },
    ]);
    for (const bad of [
      'alice:short',
      'no-colon-here-but-long-enough-to-pass',
      'a:aaaaaaaaaaaaaaaaaaaaaaaaaaaa,a:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      'app:short:learners',
    ]) {
      expect(() => loadConfig({ API_KEYS: bad })).toThrow(/API_KEYS: .*given \(hidden\)/);
    }
  });
});
