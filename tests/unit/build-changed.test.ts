import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIfChanged } from '../../scripts/build-changed.mjs';

describe("npm start's build of what changed", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'build-changed-'));
  const at = (...p: string[]) => path.join(dir, ...p);
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds when the inputs changed, were added or removed, or the output is gone, and skips otherwise', () => {
    fs.mkdirSync(at('src', 'deep'), { recursive: true });
    fs.mkdirSync(at('out'));
    fs.writeFileSync(at('src', 'a.ts'), 'a');
    fs.writeFileSync(at('src', 'deep', 'b.ts'), 'b');
    let builds = 0;
    const target = {
      inputs: [at('src')],
      skip: [at('src', 'deep', 'skipped')],
      output: at('out', 'main.js'),
      stamp: at('out', '.inputs'),
      build: () => {
        builds++;
        fs.writeFileSync(at('out', 'main.js'), 'built');
      },
    };
    const run = () => buildIfChanged(target);
    expect([run(), run()]).toEqual([true, false]);
    fs.writeFileSync(at('src', 'deep', 'b.ts'), 'b, edited');
    expect([run(), run()]).toEqual([true, false]);
    fs.utimesSync(at('src', 'a.ts'), new Date(), new Date(Date.now() + 5000));
    expect(run()).toBe(true);
    fs.writeFileSync(at('src', 'c.ts'), 'c');
    expect(run()).toBe(true);
    fs.rmSync(at('src', 'c.ts'));
    expect(run()).toBe(true);
    fs.mkdirSync(at('src', 'deep', 'skipped'));
    fs.writeFileSync(at('src', 'deep', 'skipped', 'x.ts'), 'x');
    expect(run()).toBe(false);
    fs.rmSync(at('out', 'main.js'));
    expect(run()).toBe(true);
    expect(builds).toBe(6);
  });
});
