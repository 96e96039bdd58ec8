import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { marked } from 'marked';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseErrors } from '../case-schema.js';
import { parseMermaidFlowchart } from '../mermaid-flowchart.js';
import { axe, launchBrowser, screenshots, serious } from '../browser.js';
import { startTestServer, type TestServer } from '../helpers.js';

const KEY = 'browser-test-learner-key-0123456789';
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ API_KEYS: `web:${KEY}:learners` }), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(30_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits for the page to settle on a value (an answer may take seconds on a loaded machine). */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });
const open = (search = '') => page.goto(`${server.url}/${search}`);
const heading = () => page.locator('h1').first();
const params = () => Object.fromEntries(new URL(page.url()).searchParams);

/** axe-core on the page as shown: no serious or critical violation; the full list is kept for the report. */
const axeResults: Record<string, string[]> = {};
async function accessible(name: string) {
  const violations = await axe(page);
  axeResults[name] = violations.map((v) => `${v.impact} ${v.id}`);
  expect(serious(violations), name).toEqual([]);
  await screenshots(page, name);
  // Nothing is wider than a 375 px phone screen.
  await page.setViewportSize({ width: 375, height: 800 });
  expect(
    await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number),
    name,
  ).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function download(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), 'utf8') };
}

describe('Explore', () => {
  it('searches, shows why each result matched, and opens a concept with its graph and reasons', async () => {
    await open();
    await expect(heading().textContent()).resolves.toBe('Explore the graph');
    await page
      .getByRole('link', { name: /^Part I+:/ })
      .first()
      .waitFor();
    await accessible('explore');

    await page.getByLabel('Search', { exact: true }).fill('quantization');
    await page.keyboard.press('Enter');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.waitFor();
    expect(params()).toMatchObject({ page: 'explore', q: 'quantization' });
    expect(await results.locator('mark').count()).toBeGreaterThan(0);
    await page.getByLabel('Kind').selectOption('CONCEPT');
    await page.waitForURL(/type=CONCEPT/);
    await results.waitFor();
    const kinds = await results.locator('.kind').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['concept']));
    await accessible('search');

    await results.getByRole('link', { name: 'Quantization', exact: true }).click();
    await page.waitForURL(/id=concept%3Aquantization/);
    await expect(heading().textContent()).resolves.toBe('Quantization');
    await page.locator('.graph canvas').first().waitFor();
    const prerequisites = page.locator('section', { has: page.getByRole('heading', { name: 'Prerequisites' }) });
    const first = prerequisites.getByRole('link').first();
    const name = (await first.textContent())!;
    // Each prerequisite carries its reason.
    expect(await prerequisites.locator('li').first().textContent()).toMatch(/: \S/);
    await accessible('concept');

    await first.click();
    await poll(() => heading().textContent()).toBe(name);
    await page.goBack();
    await poll(() => heading().textContent()).toBe('Quantization');

    await page
      .getByText(/^Introduced in chapter/)
      .getByRole('link')
      .first()
      .click();
    await poll(() => page.locator('.kind').first().textContent()).toMatch(/chapter$/);
    await page.getByRole('heading', { name: 'Concepts' }).waitFor();
    await accessible('chapter');
  });

  it('says in words when a node does not exist, and when an id is refused', async () => {
    await open('?page=node&id=concept:nope');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('There is no node "concept:nope"');
    await open('?page=roadmap&concepts=concept:nope&hours=5');
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/concept:nope.*\(BAD_USER_INPUT\)/);
  });

  it('moves by keyboard: the first Tab reaches the skip link, which moves focus to the content', async () => {
    await open('?page=api');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).resolves.toBe(
      'Skip to content',
    );
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => (globalThis as any).document.activeElement?.id)).resolves.toBe('main');
  });
});

describe('Roadmap', () => {
  const summary = () => page.getByTestId('plan-summary').textContent();
  const weeksOf = async () => Number(/ (\d+) weeks at/.exec((await summary())!)![1]);

  it('plans for a role, changes with the hours, keeps the plan in the link, and downloads every export', async () => {
    await open('?page=roadmap');
    await page.getByLabel('Roles').selectOption('role:mlops-engineer');
    await page.getByLabel('Hours per week').fill('10');
    await page.getByLabel('Deadline (weeks)').fill('8');
    await page.getByLabel('Start date').fill('2027-01-04');
    await page.getByRole('button', { name: 'Plan' }).click();
    await page.getByTestId('plan-summary').waitFor();
    const at10 = await weeksOf();
    expect(params()).toMatchObject({ roles: 'role:mlops-engineer', hours: '10', deadline: '8' });
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/deadline of 8 weeks is not met/);
    expect(await page.getByRole('table').locator('tbody tr').count()).toBeGreaterThan(10);
    await accessible('roadmap');

    await page.getByLabel('Hours per week').fill('20');
    await page.getByRole('button', { name: 'Plan' }).click();
    await poll(weeksOf).toBeLessThan(at10);
    const shown = await summary();
    // A shared link opens the same plan.
    await page.reload();
    await poll(summary).toBe(shown);

    const md = await download(() => page.getByRole('button', { name: 'Download Markdown' }).click());
    expect(md.name).toBe('roadmap.md');
    const headings = marked.lexer(md.text).filter((t) => t.type === 'heading');
    expect(headings.length).toBeGreaterThan(1);
    const ics = await download(() => page.getByRole('button', { name: 'Download iCalendar' }).click());
    const events = new ICAL.Component(ICAL.parse(ics.text)).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.getFirstPropertyValue('dtstart')!.toString() >= '2027-01-04').toBe(true);
    const mermaid = await download(() => page.getByRole('button', { name: 'Download Mermaid' }).click());
    expect(parseMermaidFlowchart(mermaid.text).edges.length).toBeGreaterThan(0);
  });

  it('with a learner key: a new learner, a placement test one question at a time, progress and due reviews', async () => {
    await open('?page=roadmap&concepts=concept:quantization&hours=5');
    await page.getByTestId('plan-summary').waitFor();
    await page.getByLabel('Learner key', { exact: true }).fill(KEY);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('button', { name: 'New learner' }).click();
    await page.waitForURL(/learner=/);
    expect(page.url()).not.toContain(KEY);
    await poll(() => page.getByText(/concepts known, \d+ studied/).textContent()).toMatch(/^0 concepts known/);
    await page.getByText('Nothing is due.').waitFor();
    await page.getByRole('heading', { name: 'What you can study now' }).waitFor();

    await page.getByRole('button', { name: 'Start the test' }).click();
    const questions: string[] = [];
    for (let i = 0; i < 20 && !(await page.getByTestId('placement-done').isVisible()); i++) {
      const question = page.getByTestId('placement-question');
      await question.or(page.getByTestId('placement-done')).first().waitFor();
      if (await page.getByTestId('placement-done').isVisible()) break;
      const text = (await question.textContent())!;
      expect(questions).not.toContain(text);
      questions.push(text);
      await page.getByRole('button', { name: 'I got it right' }).click();
      await poll(async () => (await question.isVisible()) && (await question.textContent()) === text).toBe(false);
    }
    await page.getByTestId('placement-done').waitFor();
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.length).toBeLessThanOrEqual(15);
    await poll(() => page.getByText(/concepts known, \d+ studied/).textContent()).not.toMatch(/^0 concepts/);
    await accessible('learner');
  });
});

describe('Syllabus', () => {
  it('builds a syllabus with coverage, compresses it side by side, downloads CASE, Markdown and CSV', async () => {
    await open('?page=syllabus');
    await page.getByLabel('Chapters to teach').selectOption(['chapter:efficient-ai', 'chapter:model-optimizations']);
    await page.getByLabel('Weeks', { exact: true }).fill('2');
    await page.getByLabel('Hours per week').fill('4');
    await page.getByRole('button', { name: 'Build' }).click();
    await page.getByRole('region', { name: 'Full plan' }).waitFor();
    await page.getByRole('region', { name: 'Compressed to the term' }).waitFor();
    expect(params()).toMatchObject({ weeks: '2', hours: '4' });
    const full = await page
      .getByRole('region', { name: 'Full plan' })
      .getByText(/^Objectives: /)
      .textContent();
    expect(full).toMatch(/^Objectives: \d+ of \d+ \(\d+%\)$/);
    await accessible('syllabus');

    const pkg = JSON.parse(
      (await download(() => page.getByRole('button', { name: 'Download CASE JSON' }).click())).text,
    );
    expect(caseErrors('package', pkg)).toBeNull();
    const md = await download(() => page.getByRole('button', { name: 'Download Markdown' }).click());
    expect(marked.lexer(md.text).some((t) => t.type === 'heading')).toBe(true);
    const csv = await download(() => page.getByRole('button', { name: 'Download CSV' }).click());
    const rows = parseCsv(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
  });

  it('checks the order of pasted units and shows the problems', async () => {
    await open('?page=syllabus');
    await page.getByLabel(/Units, one per line/).fill('Week 1: concept:quantization\nWeek 2: concept:neural-network');
    await page.getByRole('button', { name: 'Check the order' }).click();
    await poll(() => page.getByRole('status').last().textContent()).toMatch(/^\d+ prerequisite problems\..*needs it: /);
  });
});

describe('API', () => {
  it('links to GraphiQL, which offers the app operations as tabs', async () => {
    await open('?page=api');
    await accessible('api');
    await page.getByRole('link', { name: 'Open GraphiQL' }).click();
    await page.locator('.graphiql-container').waitFor();
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThan(5);
    await screenshots(page, 'graphiql');
  });

  it('serves the app with caching headers (index no-cache, hashed assets immutable), assets compressed', async () => {
    const index = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())![1]!;
    const res = await fetch(`${server.url}${asset}`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000/);
  });
});

describe('with TRUSTED_DOCUMENTS_ONLY', () => {
  it('the app still works: every operation it sends is in its manifest', async () => {
    const trusted = await startTestServer({
      TRUSTED_DOCUMENTS: 'web/dist/trusted-documents.json',
      TRUSTED_DOCUMENTS_ONLY: 'true',
    });
    try {
      await page.goto(`${trusted.url}/?page=node&id=concept:quantization`);
      await poll(() => heading().textContent()).toBe('Quantization');
      await page.goto(`${trusted.url}/?page=explore&q=pruning`);
      await page.getByRole('list', { name: 'Search results' }).waitFor();
    } finally {
      await trusted.close();
    }
  });
});

afterAll(() => {
  fs.mkdirSync('test-output', { recursive: true });
  fs.writeFileSync('test-output/axe.json', JSON.stringify(axeResults, null, 2));
});
