/**
 * The static floor: a bare node:http handler answering each workload's body, computed once by the API before the
 * run (`GET /<workload index>`). No database, no GraphQL: the most a server can do for a known answer.
 */
import http from 'node:http';

const bodies = (JSON.parse(process.env.STATIC_BODIES!) as string[]).map((b) => Buffer.from(b));

http
  .createServer((req, res) => {
    const body = bodies[Number((req.url ?? '/').slice(1))];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
