/**
 * The search floor: the driver's vector and full-text index calls with a vector computed once at start-up, behind a
 * bare node:http handler. No model run per request, no fusion, no GraphQL: the least a search request can cost.
 */
import http from 'node:http';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../../src/config.js';
import { Embedder } from '../../src/search/embedder.js';
import { FULLTEXT_INDEX, VECTOR_INDEX } from '../../src/db/search.js';

const config = loadConfig(process.env);
const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD!), {
  disableLosslessIntegers: true,
});
const embedder = await Embedder.load({ modelDir: config.MODEL_DIR, modelName: config.MODEL_NAME, allowRemote: false });
const vector = await embedder.embed(process.env.SEARCH_TEXT ?? 'shrink a model so it runs on a phone');

/** A read as an auto-commit transaction, as the API's reads run. */
async function read(cypher: string, params: Record<string, unknown>) {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  return session.run(cypher, params).finally(() => session.close());
}

http
  .createServer(async (_req, res) => {
    const [semantic, keyword] = await Promise.all([
      read(
        `CALL db.index.vector.queryNodes('${VECTOR_INDEX}', 60, $vector) YIELD node, score RETURN node.id AS id, score`,
        { vector },
      ),
      read(
        `CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $q, {limit: 60}) YIELD node, score RETURN node.id AS id, score`,
        { q: 'shrink OR model OR phone' },
      ),
    ]);
    const ids = [...semantic.records, ...keyword.records].slice(0, 10).map((r) => r.get('id'));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { ids } }));
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
