/** `npm run seed:report`: data quality of the seeded graph. */
import { loadConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import * as q from '../src/db/quality.js';
import * as local from '../src/local/neo4j-local.js';
import { localNeo4jDir } from '../src/server.js';

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
  console.log('Concepts per chapter');
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
