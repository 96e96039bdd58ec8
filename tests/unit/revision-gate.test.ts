import { describe, expect, it } from 'vitest';
import { parse, type OperationDefinitionNode } from 'graphql';
import { RevisionGate } from '../../src/http/revision-gate.js';
import { isCacheable } from '../../src/http/response-cache.js';

/** A read whose answer is the number of reads started so far, finishing when the test says so. */
function controlledReads() {
  let started = 0;
  const pending: (() => void)[] = [];
  const read = () =>
    new Promise<string>((resolve) => {
      const n = ++started;
      pending.push(() => resolve(String(n)));
    });
  return { read, finishNext: () => pending.shift()!(), started: () => started };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RevisionGate', () => {
  it('never answers a caller with a read that started before the call', async () => {
    const reads = controlledReads();
    const gate = new RevisionGate(reads.read);
    const first = gate.current();
    const second = gate.current();
    const third = gate.current();
    expect(reads.started()).toBe(1);
    reads.finishNext();
    expect(await first).toBe('1');
    await tick();
    // The second and third came while read 1 ran: they share read 2, started after read 1 ended.
    expect(reads.started()).toBe(2);
    const fourth = gate.current();
    reads.finishNext();
    expect(await second).toBe('2');
    expect(await third).toBe('2');
    await tick();
    reads.finishNext();
    expect(await fourth).toBe('3');
  });

  it('fails the callers queued behind a failed read without reading again', async () => {
    let calls = 0;
    const gate = new RevisionGate(async () => {
      calls++;
      throw new Error('down');
    });
    const [first, queued] = [gate.current(), gate.current()];
    await expect(first).rejects.toThrow('down');
    await expect(queued).rejects.toThrow('down');
    expect(calls).toBe(1);
  });

  it('passes a failed read on to its callers and reads again for the next', async () => {
    let calls = 0;
    const gate = new RevisionGate(async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return 'r';
    });
    await expect(gate.current()).rejects.toThrow('down');
    expect(await gate.current()).toBe('r');
  });
});

describe('isCacheable', () => {
  const check = (text: string) => {
    const document = parse(text);
    return isCacheable(
      document,
      document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode,
    );
  };

  it('takes queries of the graph, through fragments too', () => {
    expect(check('{ concept(id: "c") { id } }')).toBe(true);
    expect(check('query { ...F } fragment F on Query { chapters { nodes { id } } }')).toBe(true);
  });

  it('refuses mutations, key-scoped data, search and time-stamped exports', () => {
    expect(check('mutation { createLearner { id } }')).toBe(false);
    expect(check('{ learner(id: "x") { id } }')).toBe(false);
    expect(check('query { ...F } fragment F on Query { savedSyllabi { nodes { id } } }')).toBe(false);
    expect(check('{ ... on Query { search(query: "x") { score } } }')).toBe(false);
    expect(check('{ roadmap(input: {}) { iCalendar } }')).toBe(false);
  });
});
