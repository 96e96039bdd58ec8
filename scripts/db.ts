/** `npm run db:start | db:stop | db:status`: the embedded local Neo4j that `npm start` uses by default. */
import { ConfigError, loadConfig } from '../src/config.js';
import * as local from '../src/local/neo4j-local.js';
import { localNeo4jDir } from '../src/server.js';

const command = process.argv[2];
try {
  const config = loadConfig();
  const dir = localNeo4jDir(config);
  if (command === 'start') {
    const s = await local.start({
      dir,
      port: config.NEO4J_LOCAL_PORT,
      password: config.NEO4J_PASSWORD,
      log: console.log,
    });
    console.log(s.alreadyRunning ? `already running: ${s.uri} (pid ${s.pid})` : `started: ${s.uri} (pid ${s.pid})`);
  } else if (command === 'stop') {
    console.log((await local.stop(dir)).wasRunning ? 'stopped' : 'not running');
  } else if (command === 'status') {
    const s = await local.status(dir);
    console.log(s.running ? `running: ${s.uri} (pid ${s.pid}), data in ${dir}` : `not running (data in ${dir})`);
    process.exitCode = s.running ? 0 : 3;
  } else {
    console.error('usage: tsx scripts/db.ts start|stop|status');
    process.exitCode = 2;
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : (err as Error).message);
  process.exitCode = 1;
}
