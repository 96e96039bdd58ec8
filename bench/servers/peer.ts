/** The peer: @neo4j/graphql over the same graph, served by the same Apollo Server on the same Fastify. */
import fs from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import { Neo4jGraphQL } from '@neo4j/graphql';
import Fastify from 'fastify';
import neo4j from 'neo4j-driver';

const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD!));
const typeDefs = fs.readFileSync(path.join(import.meta.dirname, '..', 'peer-typedefs.graphql'), 'utf8');
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const apollo = new ApolloServer({ schema });
await apollo.start();
const app = Fastify();
await app.register(fastifyApollo(apollo), { path: '/graphql' });
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
console.log('ready');
