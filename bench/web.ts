/**
 * `npm run bench:web`: the web app's page timings in Debian's Chromium against a warm server. For each page: the
 * median time from navigation start until the page's content is drawn with its controls live (Preact binds
 * handlers as it renders, so that is when it is interactive), its slowest GraphQL request, the request waterfall's
 * depth (a request is one level below the latest one that had ended before it started; the HTML document is level
 * 0) and the bytes transferred.
 * WEB_BENCH_URL measures a server already running; otherwise the bench's Neo4j and an API server are started.
 */
import type { ChildProcess } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../tests/browser.js';
import { benchDatabase, startServer } from './harness.js';

const PAGES: { name: string; search: string; ready: string }[] = [
  { name: 'Explore (parts and chapters)', search: '', ready: 'ul.columns a' },
  { name: 'Explore: search results', search: '?page=explore&q=quantization', ready: 'ol.results a' },
  { name: 'Concept page with its graph', search: '?page=node&id=concept:quantization', ready: '.graph canvas' },
  { name: 'Chapter page', search: '?page=node&id=chapter:model-optimizations', ready: 'article ul a' },
  {
    name: 'Roadmap for a role',
    search: '?page=roadmap&roles=role:mlops-engineer&hours=10&deadline=8',
    ready: '[data-testid=plan-summary]',
  },
  {
    name: 'Syllabus of two chapters, compressed',
    search: '?page=syllabus&chapters=chapter:efficient-ai,chapter:model-optimizations&weeks=2&hours=4',
    ready: 'section[aria-label="Compressed to the term"]',
  },
  { name: 'API', search: '?page=api', ready: 'details summary' },
];
const RUNS = 5;

let server: ChildProcess | undefined;
let base = process.env.WEB_BENCH_URL;
if (!base) {
  await benchDatabase();
  const port = Number(process.env.BENCH_PORT_BASE ?? 4100) + 5;
  server = await startServer('bench/servers/api.ts', port, { NODE_ENV: 'production', RATE_LIMIT_POINTS: '1000000000' });
  base = `http://127.0.0.1:${port}`;
}
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const rows: Record<string, string | number>[] = [];
  for (const p of PAGES) {
    const times: number[] = [];
    const api: number[] = [];
    let depth = 0;
    let kb = 0;
    // One warm-up load (server caches, the browser's HTTP cache for hashed assets), then RUNS measured loads, each
    // in a fresh context: a first visit, with nothing cached.
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${base}/${p.search}`);
      await page.locator(p.ready).first().waitFor({ timeout: 30_000 });
      const measured = await page.evaluate(() => {
        const perf = (globalThis as any).performance;
        const entries = perf.getEntriesByType('resource') as {
          name: string;
          startTime: number;
          responseEnd: number;
          transferSize: number;
        }[];
        const nav = perf.getEntriesByType('navigation')[0] as { responseEnd: number; transferSize: number };
        const levels: { end: number; level: number }[] = [{ end: nav.responseEnd, level: 0 }];
        for (const e of [...entries].sort((a, b) => a.startTime - b.startTime)) {
          const before = levels.filter((l) => l.end <= e.startTime);
          levels.push({ end: e.responseEnd, level: 1 + Math.max(...before.map((l) => l.level), -1) });
        }
        return {
          ms: perf.now() as number,
          depth: Math.max(...levels.map((l) => l.level)),
          bytes: nav.transferSize + entries.reduce((s, e) => s + e.transferSize, 0),
          api: Math.max(
            0,
            ...entries.filter((e) => e.name.endsWith('/graphql')).map((e) => e.responseEnd - e.startTime),
          ),
        };
      });
      await context.close();
      if (run === 0) continue;
      times.push(measured.ms);
      api.push(measured.api);
      depth = Math.max(depth, measured.depth);
      kb = measured.bytes / 1024;
    }
    rows.push({
      page: p.name,
      'interactive ms (median)': Math.round(median(times)),
      'max ms': Math.round(Math.max(...times)),
      'its slowest GraphQL request ms (median)': Math.round(median(api)),
      'waterfall depth': depth,
      'KB transferred': Math.round(kb),
    });
  }
  console.table(rows);
} finally {
  await browser.close();
  server?.kill('SIGTERM');
}
