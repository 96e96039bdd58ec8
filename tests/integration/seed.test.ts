import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as q from '../../src/db/quality.js';
import { SEED_DIR } from '../../src/seed/read.js';
import { seed, SeedValidationError } from '../../src/seed/seeder.js';
import { countGraph, seedVersion } from '../../src/seed/write.js';
import { testDb } from '../helpers.js';

const db = testDb();
let tmp: string;

/** A copy of seed/ that a test may edit. */
function seedCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'seed-'));
  fs.cpSync(SEED_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

function editYaml(file: string, edit: (data: any) => void): void {
  const data = load(fs.readFileSync(file, 'utf8'));
  edit(data);
  fs.writeFileSync(file, dump(data));
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsys-seed-test-'));
  await seed(db);
});
afterAll(async () => {
  await seed(db); // leave the shared test graph exactly as the shipped seed
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The counts of ../shared/seed-inventory.md ("Counts at a glance"), per label. */
const CHECKLIST: Record<string, number> = {
  Part: 6,
  Chapter: 21,
  TradeOff: 9,
  PipelineStage: 6,
  Practice: 6,
  SystemComponent: 6,
  SystemObjective: 6,
  OptimizationTechnique: 4,
  CareerPath: 6,
  Skill: 8,
  Specialization: 7,
  Technology: 8,
  Challenge: 7,
  ResearchDirection: 29,
  IndustryTrend: 5,
  OpenProblem: 7,
  Era: 5,
  Milestone: 25,
  CaseStudy: 3,
  Pillar: 5,
  BookSection: 5,
  KeyTakeaway: 14,
  Principle: 15,
  DeploymentKind: 6,
};

const ORGANIZATIONS_39 = [
  'Google',
  'Google DeepMind',
  'DeepMind',
  'Meta FAIR',
  'Meta',
  'Facebook',
  'Anthropic',
  'OpenAI',
  'ARC',
  'Apple',
  'Intel',
  'IBM',
  'NVIDIA',
  'Microsoft Research',
  'Alphabet Inc.',
  'Waymo',
  "O'Reilly",
  'MIT Press',
  'Stanford',
  'UC Berkeley',
  'CMU',
  'MIT',
  'Dartmouth College',
  'Harvard University',
  'Case Western Reserve',
  'DeepLearning.AI',
  'fast.ai',
  'Hugging Face',
  'EU',
  'US',
  'China',
  'GitHub',
  'Reddit',
  'Discord',
  'Slack',
  'Twitter',
  'arXiv',
  'Google Analytics',
  'major healthcare organizations',
];

describe('the seeded graph', () => {
  it('has the checklist count for every kind', async () => {
    const { labels } = await countGraph(db);
    for (const [label, n] of Object.entries(CHECKLIST)) expect({ label, n: labels[label] }).toEqual({ label, n });
    // The inventory lists the objectives of the two chapters the seeds give whole; the others come from the textbook.
    const [objectives] = await db.read<{ n: number }>(
      `MATCH (o:LearningObjective)-[:IN_CHAPTER]->(c:Chapter) WHERE c.number IN [1, 21] RETURN count(o) AS n`,
    );
    expect(objectives!.n).toBe(14);
  });

  it('holds the checklist tables with their link counts', async () => {
    const [row] = await db.read<Record<string, number>>(
      `RETURN
        COUNT { (:Tool)-[:SUPPORTS]->(:PipelineStage) } AS stageTools,
        COUNT { (:Tool)-[:SUPPORTS]->(:Practice) } AS practiceTools,
        COUNT { (:CareerPath)-[:USES]->(:Tool) } AS roleTools,
        COUNT { (:CareerPath)-[n:NEEDS]->(:Skill) WHERE n.rule IS NULL } AS matrixCells,
        COUNT { (:Resource {kind: 'BOOK'}) } AS books,
        COUNT { (:Resource {kind: 'COURSE'}) } AS courses,
        COUNT { (r:Resource) WHERE NOT r.kind IN ['BOOK', 'COURSE'] } AS communities,
        COUNT { (:Paper) } AS papers,
        COUNT { (t:Tool) WHERE t.category <> 'generic' } AS softwareTools`,
    );
    expect(row).toMatchObject({
      stageTools: 17,
      practiceTools: 14,
      roleTools: 31,
      matrixCells: 32,
      books: 6,
      courses: 7,
      communities: 11,
    });
    // 46 distinct software tools, Triton counted twice (server and kernel language), plus SocratiQ.
    expect(row!.softwareTools).toBe(48);
    expect(row!.papers).toBeGreaterThanOrEqual(9);
  });

  it('covers all 39 organization names of the checklist (aliases merge the same organization)', async () => {
    const rows = await db.read<{ names: string[] }>(
      `MATCH (o:Organization) RETURN [o.name] + coalesce(o.aliases, []) AS names`,
    );
    const known = new Set(rows.flatMap((r) => r.names.map((n) => n.toLowerCase())));
    expect(ORGANIZATIONS_39.filter((n) => !known.has(n.toLowerCase()))).toEqual([]);
  });

  it('gives every chapter at least 8 concepts, 250 in all, each with chapter, hours and difficulty', async () => {
    const perChapter = await q.conceptsPerChapter(db);
    expect(perChapter).toHaveLength(21);
    expect(perChapter.filter((c) => c.concepts < 8)).toEqual([]);
    expect(perChapter.reduce((s, c) => s + c.concepts, 0)).toBeGreaterThanOrEqual(250);
    const [bad] = await db.read<{ n: number }>(
      `MATCH (c:Concept) WHERE c.hours IS NULL OR c.difficulty IS NULL OR COUNT { (c)-[:INTRODUCED_IN]->(:Chapter) } <> 1 RETURN count(c) AS n`,
    );
    expect(bad!.n).toBe(0);
  });

  it('keeps REQUIRES acyclic, with at least 300 edges that each carry a reason', async () => {
    expect(await q.requiresCycles(db)).toBe(0);
    const [row] = await db.read<{ edges: number; noReason: number }>(
      `MATCH (:Concept)-[r:REQUIRES]->(:Concept) RETURN count(r) AS edges, count(CASE WHEN r.reason IS NULL OR trim(r.reason) = '' THEN 1 END) AS noReason`,
    );
    expect(row!.edges).toBeGreaterThanOrEqual(300);
    expect(row!.noReason).toBe(0);
  });

  it('lets every role reach concepts through its skills, and reaches every chapter from some role', async () => {
    const reached = await q.conceptsReachedByRole(db);
    expect(reached).toHaveLength(6);
    expect(reached.filter((r) => r.concepts === 0).map((r) => r.role)).toEqual([]);
    const chapters = new Set(reached.flatMap((r) => r.chapters));
    expect(chapters.size).toBe(21);
  });

  it('records provenance on every node', async () => {
    expect(await q.nodesWithoutProvenance(db)).toEqual([]);
  });

  it('records the seed version', async () => {
    expect(await seedVersion(db)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('the loader', () => {
  it('is idempotent: a second run leaves the same counts', async () => {
    const before = await countGraph(db);
    await seed(db);
    expect(await countGraph(db)).toEqual(before);
  });

  it('skips the write when the graph is already at this version', async () => {
    const result = await seed(db, { onlyIfChanged: true });
    expect(result.skipped).toBe(true);
  });

  it('removes from the graph what was removed from the files, and brings it back', async () => {
    const dir = seedCopy((d) => editYaml(path.join(d, 'papers.yaml'), (data) => data.papers.pop()));
    const before = (await countGraph(db)).labels.Paper!;
    const result = await seed(db, { dir });
    expect(result.counts!.labels.Paper).toBe(before - 1);
    await seed(db);
    expect((await countGraph(db)).labels.Paper).toBe(before);
  });

  it('writes nothing when any file is invalid, and reports every problem', async () => {
    const before = await countGraph(db);
    const version = await seedVersion(db);
    const dir = seedCopy((d) => {
      editYaml(path.join(d, 'papers.yaml'), (data) => {
        data.papers.pop(); // a valid change that must not land either
        data.papers[0].about = ['concept:missing'];
      });
      editYaml(path.join(d, 'tools.yaml'), (data) => delete data.tools[0].name);
    });
    const error = await seed(db, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).message).toMatch(
      /papers\.yaml papers\[0\]\.about\[0\]: unknown reference "concept:missing"/,
    );
    expect((error as SeedValidationError).message).toMatch(/tools\.yaml tools\[0\]\.name/);
    expect(await countGraph(db)).toEqual(before);
    expect(await seedVersion(db)).toBe(version);
  });

  it('keeps embeddings it does not own across a re-seed', async () => {
    await db.write(`MATCH (c:Concept {id: 'concept:quantization'}) SET c.embeddingHash = 'kept'`);
    await seed(db);
    const [row] = await db.read<{ h: string }>(
      `MATCH (c:Concept {id: 'concept:quantization'}) RETURN c.embeddingHash AS h`,
    );
    expect(row!.h).toBe('kept');
  });
});
