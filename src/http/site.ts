import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type GraphQLSchema, printSchema } from 'graphql';
import Negotiator from 'negotiator';
import { PROJECT_ROOT } from '../config.js';
import type { Database } from '../db/database.js';
import { seedVersion } from '../seed/write.js';
import type { WebApp } from './web-app.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** GraphiQL and React, served from their npm packages: the page needs no CDN and works offline. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: path.join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': {
    file: path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.js': { file: path.join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: path.join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
};

/** GraphiQL, with the web app's operations as tabs (each with its example variables) after the welcome query. */
const graphiqlPage = (web: WebApp | undefined) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mlsys-graph GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  const defaultQuery = '# The ML systems knowledge graph. Press the play button, or open the docs on the left.\\n{\\n  concept(id: "concept:quantization") {\\n    name\\n    definition\\n    prerequisites { reason concept { name } }\\n  }\\n}\\n';
  const appOperations = ${JSON.stringify(
    (web?.operations ?? []).map((o) => ({
      query: `# An operation of the web app at /\n${o.body}`,
      variables: JSON.stringify(o.example ?? {}, null, 2),
    })),
  ).replace(/</g, '\\u003c')};
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery,
      defaultTabs: [{ query: defaultQuery }, ...appOperations],
      defaultEditorToolbarTabs: 'variables',
    }),
  );
</script>
</body>
</html>
`;

/** Whether a GET prefers an HTML page (a browser) to JSON. */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return (
    !!accept &&
    new Negotiator({ headers: { accept } }).mediaType([
      'application/json',
      'application/graphql-response+json',
      'text/html',
    ]) === 'text/html'
  );
}

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
export const VERSION = pkg.version;

const LINKS = {
  graphql: '/graphql',
  graphiql: '/graphql (in a browser)',
  schema: '/schema.graphql',
  version: '/version',
  health: '/health',
  ready: '/ready',
  metrics: '/metrics',
  case: '/ims/case/v1p1/CFDocuments',
  docs: 'README.md and docs/ in the source repository; every type and field is described in the schema',
};

const homePage = () => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>mlsys-graph ${VERSION}</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; }</style></head>
<body>
<h1>mlsys-graph ${VERSION}</h1>
<p>A GraphQL knowledge-graph API for ML systems engineering: the concepts of the MLSysBook course with their
prerequisites, papers, tools, career paths, roadmaps and curriculum tools.</p>
<ul>
<li><a href="/graphql">GraphiQL</a>: write and run queries; the Docs pane describes every type and field.</li>
<li><a href="/schema.graphql">/schema.graphql</a>: the schema (SDL), for code generators and clients.</li>
<li>POST or GET <code>/graphql</code>: the GraphQL endpoint (GraphQL over HTTP).</li>
<li><a href="/ims/case/v1p1/CFDocuments">/ims/case/v1p1/CFDocuments</a>: the course as a CASE 1.1 provider.</li>
<li><a href="/version">/version</a>, <a href="/health">/health</a>, <a href="/ready">/ready</a>,
<a href="/metrics">/metrics</a>: operations.</li>
</ul>
<p>Documentation: the schema's descriptions (in GraphiQL's Docs pane), and README.md and docs/ in the source
repository.</p>
</body>
</html>
`;

/**
 * `/` (the web app for browsers when it is built, else a page of links; JSON links otherwise), GraphiQL at GET
 * /graphql for browsers, `/schema.graphql` and `/version`.
 */
export function registerSite(app: FastifyInstance, schema: GraphQLSchema, db: Database, web?: WebApp): void {
  const sdl = printSchema(schema);
  const graphiql = graphiqlPage(web);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && request.url.split('?')[0] === '/graphql' && wantsHtml(request))
      return reply.type('text/html; charset=utf-8').send(graphiql);
  });
  app.get('/graphiql/:file', async (request, reply) => {
    const asset = ASSETS[(request.params as { file: string }).file];
    if (!asset) return reply.code(404).send({ error: 'not found' });
    return reply
      .type(`${asset.type}; charset=utf-8`)
      .header('cache-control', 'public, max-age=86400')
      .send(fs.createReadStream(asset.file));
  });
  app.get('/', async (request, reply) => {
    if (!wantsHtml(request)) return reply.send({ name: pkg.name, version: VERSION, links: LINKS });
    reply.type('text/html; charset=utf-8');
    return web ? reply.header('cache-control', 'no-cache').send(await web.index()) : reply.send(homePage());
  });
  app.get('/schema.graphql', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(sdl));
  app.get('/version', async () => ({
    name: pkg.name,
    version: VERSION,
    node: process.version,
    seedVersion: (await seedVersion(db).catch(() => undefined)) ?? null,
  }));
}
