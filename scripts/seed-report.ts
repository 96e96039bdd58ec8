/**
 * `npm run seed:report`: data quality. First what the seed files alone show (per chapter: concepts, objectives,
 * questions, terms, coverage of the textbook's concept names; prerequisite-rule exceptions), then, unless `--files`
 * is given, measurements of the seeded graph in Neo4j (seeded first when it is not at this seed version, unless
 * SEED_ON_START=false).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import * as q from '../src/db/quality.js';
import * as local from '../src/local/neo4j-local.js';
import { buildGraph } from '../src/seed/graph.js';
import { readSeedDir } from '../src/seed/read.js';
import { seed } from '../src/seed/seeder.js';
import { fileReport } from '../src/seed/report.js';
import { readTextbookNames } from '../src/seed/textbook.js';
import { localNeo4jDir } from '../src/server.js';

const { values } = parseArgs({ options: { files: { type: 'boolean', default: false } } });

const { graph } = buildGraph(readSeedDir().files);
const report = fileReport(
  graph,
  readTextbookNames().map((r) => r.data),
);
console.log('Per chapter (from the seed files; textbook names: its per-chapter concept files, see seed/textbook/)');
console.table(report.chapters);
console.log('Totals', report.totals);
for (const m of report.missingNames)
  console.log(`Textbook names neither covered nor left out on purpose, ${m.chapter}:\n  ${m.names.join('\n  ')}`);
for (const s of report.staleLeftOut) console.log(`Listed as left out but covered: ${s.chapter}: ${s.name}`);
console.log(
  `Concepts no review question checks: ${report.conceptsWithoutQuestion.length}${report.conceptsWithoutQuestion.length ? `\n  ${report.conceptsWithoutQuestion.join('\n  ')}` : ''}`,
);
if (values.files) process.exit(0);

const config = loadConfig();
if (!config.NEO4J_URI)
  await local.start({
    dir: localNeo4jDir(config),
    port: config.NEO4J_LOCAL_PORT,
    password: config.NEO4J_PASSWORD,
    log: console.log,
  });
const db = Database.fromConfig(config);
try {
  // The graph measured is the seed's, as `npm start` would leave it (a fresh checkout has an empty database).
  if (config.SEED_ON_START) {
    const seeded = await seed(db, { onlyIfChanged: true });
    if (!seeded.skipped) console.log(`graph seeded at seed version ${seeded.version}`);
  }
  console.log('Concepts per chapter (in the graph)');
  console.table(await q.conceptsPerChapter(db));
  const shape = await q.dagShape(db);
  console.log(
    `Prerequisite DAG: depth ${shape.depth} (longest chain, in edges); cycles: ${await q.requiresCycles(db)}`,
  );
  console.table(shape.widthByLevel);
  const orphans = await q.orphanConcepts(db);
  console.log(
    `Orphan concepts (no prerequisite edge either way): ${orphans.length}${orphans.length ? `\n  ${orphans.join('\n  ')}` : ''}`,
  );
  const bare = await q.conceptsWithoutResources(db);
  console.log(
    `Concepts without a resource, paper or tool: ${bare.length}${bare.length ? `\n  ${bare.join('\n  ')}` : ''}`,
  );
  console.log('Concepts reached by each role through its skills and their prerequisites');
  console.table(
    (await q.conceptsReachedByRole(db)).map((r) => ({
      role: r.role,
      concepts: r.concepts,
      chapters: r.chapters.length,
    })),
  );
  const noSource = await q.nodesWithoutProvenance(db);
  console.log(`Nodes without provenance: ${noSource.length}`);
} finally {
  await db.close();
}
