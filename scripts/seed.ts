/** `npm run seed`: validate seed/ and write it to the configured Neo4j (starting the local one if needed). */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import * as local from '../src/local/neo4j-local.js';
import { buildGraph } from '../src/seed/graph.js';
import { checkAskedAsRules } from '../src/seed/rules.js';
import { readSeedDir } from '../src/seed/read.js';
import { SeedValidationError, seed } from '../src/seed/seeder.js';
import { createLogger } from '../src/logger.js';
import { loadEmbedder, localNeo4jDir } from '../src/server.js';

const { values } = parseArgs({
  options: {
    'if-changed': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});
if (values.check) {
  // Validation only: no database needed.
  const set = readSeedDir(values.dir);
  const { graph, problems: graphProblems } = buildGraph(set.files);
  // The authoring rules hold for the shipped data only: curated changes and synthetic seeds need no askedAs phrases.
  const problems = [...graphProblems, ...checkAskedAsRules(graph.nodes)];
  if (problems.length) {
    console.error(new SeedValidationError(problems).message);
    process.exit(1);
  }
  console.log(`seed version ${set.version} is valid: ${graph.nodes.length} nodes, ${graph.edges.length} relationships`);
  process.exit(0);
}
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
  const embedder = await loadEmbedder(config, createLogger(config));
  const result = await seed(db, { onlyIfChanged: values['if-changed'], dir: values.dir, embedder });
  if (result.embedding) console.log(`embedded ${result.embedding.embedded} node texts in ${result.embedding.ms} ms`);
  if (result.skipped) console.log(`graph already at seed version ${result.version}; nothing to do`);
  else {
    console.log(`seeded version ${result.version} in ${result.ms} ms`);
    console.table(result.counts?.labels);
    console.table(result.counts?.relationships);
  }
} catch (err) {
  console.error(err instanceof SeedValidationError ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.close();
}
