/**
 * The floor: hand-written Cypher through neo4j-driver behind a bare node:http handler, doing the work of each
 * workload in one statement, answering the same data as the API (the bench compares the two).
 * Nothing a real API needs (validation, limits, errors) is here; it bounds what is possible.
 */
import http from 'node:http';
import neo4j from 'neo4j-driver';

const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD!), {
  disableLosslessIntegers: true,
});

const QUERIES: Record<string, string> = {
  '/concept': `MATCH (c:Concept {id: $id})
    RETURN c {.id, .name, .definition,
      chapter: COLLECT { MATCH (c)-[:INTRODUCED_IN]->(ch) RETURN ch {.id, .title} }[0],
      prerequisites: COLLECT { MATCH (c)-[r:REQUIRES]->(p) WITH r, p ORDER BY p.name, p.id RETURN {reason: r.reason, concept: p {.id, .name}} }} AS concept`,
  '/chapter': `MATCH (ch:Chapter {id: $id})
    RETURN ch {.id, .title,
      concepts: COLLECT { MATCH (ch)<-[:INTRODUCED_IN]-(c) WITH c ORDER BY c.position, c.id RETURN c {.id, .name} },
      tradeOffs: COLLECT { MATCH (ch)<-[:DISCUSSED_IN]-(t) WITH t ORDER BY t.name, t.id RETURN t {.id, .name} },
      papers: COLLECT { MATCH (ch)<-[:INTRODUCED_IN]-(:Concept)<-[:ABOUT]-(p:Paper) WITH DISTINCT p ORDER BY p.year DESC, p.id RETURN p {.id, .title, .year} }} AS chapter`,
  '/role': `MATCH (r:CareerPath {id: $id})
    RETURN r {.id, .name,
      skills: COLLECT { MATCH (r)-[n:NEEDS]->(s:Skill) WITH n, s ORDER BY s.name, s.id RETURN {level: n.level, skill: s {.id, .name,
        concepts: COLLECT { MATCH (s)-[:BUILT_BY]->(c)-[:INTRODUCED_IN]->(ch) WITH c, ch ORDER BY c.name, c.id RETURN c {.id, .name, chapter: ch {.title}} }}} }} AS careerPath`,
  '/concepts': `MATCH (c:Concept) WHERE c.difficulty = $difficulty
    WITH c ORDER BY c.chapterNumber, c.position
    WITH collect(c) AS matched
    RETURN {totalCount: size(matched),
      nodes: [c IN matched[0..toInteger($first)] | c {.id, .name, chapter: COLLECT { MATCH (c)-[:INTRODUCED_IN]->(ch) RETURN ch {.title} }[0]}]} AS concepts`,
  '/chapter-sources': `MATCH (ch:Chapter {id: $id})
    RETURN ch {.id, .title,
      concepts: COLLECT { MATCH (ch)<-[:INTRODUCED_IN]-(c) WITH c ORDER BY c.position, c.id RETURN c {.id, .name, .sources} }} AS chapter`,
};

interface StoredSource {
  doc: string;
  section: string;
}
type Row = Record<string, any>;
/** Work the floor does in code after the statement: the sources JSON each node stores, as the API serves it. */
const AFTER: Record<string, (data: Row) => Row> = {
  '/chapter-sources': ({ chapter }) => ({
    chapter: chapter && {
      ...chapter,
      concepts: chapter.concepts.map((c: Row) => ({
        id: c.id,
        name: c.name,
        sources: (JSON.parse(c.sources) as StoredSource[]).map((s) => ({
          doc: s.doc.toUpperCase().replaceAll('-', '_'),
          section: s.section,
        })),
      })),
    },
  }),
};

/** Workload requests answered so far (`GET /served`, read by bench/profile/run.ts). */
let served = 0;

http
  .createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/served') return void res.writeHead(200).end(String(served));
    const cypher = QUERIES[url.pathname];
    if (!cypher) return void res.writeHead(404).end();
    served++;
    try {
      const params = Object.fromEntries(url.searchParams);
      // The fastest single read the driver offers, as the API's reads use: an auto-commit transaction.
      const session = driver.session({ defaultAccessMode: neo4j.session.READ });
      const result = await session
        .run(cypher, { ...params, first: Number(params.first ?? 20) })
        .finally(() => session.close());
      const data = result.records[0]?.toObject() ?? null;
      const after = AFTER[url.pathname];
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: after && data ? after(data) : data }));
    } catch (err) {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
    }
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
