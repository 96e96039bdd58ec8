import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '../graphql/errors.js';
import { JSON_TYPE, responseMediaType } from './status.js';

const REQUEST = Symbol('http request');

/** Routes that answer whatever the budget: liveness, readiness and metrics. */
const EXEMPT = new Set(['/health', '/ready', '/metrics']);

/** The HTTP request a GraphQL context was bound to (see CostRateLimiter.bind). */
export function httpRequestOf(context: object): FastifyRequest | undefined {
  return (context as { [REQUEST]?: FastifyRequest })[REQUEST];
}

interface Budget {
  client: string;
  state?: RateLimiterRes;
}

declare module 'fastify' {
  interface FastifyRequest {
    budget: Budget | null;
  }
}

export interface Charge {
  limit: number;
  remaining: number;
}

/**
 * A budget of cost points per window (a minute by default) per client (Shopify's and GitHub's model): an API key's
 * owner, or the client address for anonymous requests. A GraphQL operation spends what it costs, any other request
 * 1 point. Every answer carries RateLimit-Limit, -Remaining and -Reset; a client over budget gets 429 RATE_LIMITED
 * with Retry-After.
 */
export class CostRateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(
    readonly points: number,
    readonly windowSeconds: number,
  ) {
    this.limiter = new RateLimiterMemory({ points, duration: windowSeconds });
  }

  /** Hooks the limiter into the app; `clientOf` names who pays for a request. */
  install(app: FastifyInstance, clientOf: (request: FastifyRequest) => string): void {
    app.decorateRequest('budget', null);
    app.addHook('onRequest', async (request, reply) => {
      if (EXEMPT.has(request.url.split('?')[0]!)) return;
      const budget: Budget = { client: clientOf(request) };
      request.budget = budget;
      // GraphQL pays its cost once priced (see charge); a spent budget is refused before anything is parsed.
      const graphql = request.url.startsWith('/graphql');
      const state = graphql ? await this.limiter.get(budget.client) : await this.spend(budget.client, 1);
      budget.state = state ?? undefined;
      if (state && state.consumedPoints >= this.points + (graphql ? 0 : 1)) return this.refuse(request, reply, state);
    });
    app.addHook('onSend', async (request, reply) => {
      const state = request.budget?.state;
      if (!state) return;
      reply.header('RateLimit-Limit', this.points);
      reply.header('RateLimit-Remaining', Math.max(0, state.remainingPoints));
      reply.header('RateLimit-Reset', Math.ceil(state.msBeforeNext / 1000));
      if (state.remainingPoints <= 0 && reply.statusCode === 429)
        reply.header('Retry-After', Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    });
  }

  /** Ties a GraphQL context to the HTTP request it serves, for charge (Apollo copies contexts, keeping own keys). */
  bind<T extends object>(context: T, request: FastifyRequest): T {
    return Object.assign(context, { [REQUEST]: request });
  }

  /** Spends `cost` points of the request's client; throws RATE_LIMITED (HTTP 429) when that is over its budget. */
  async charge(context: object, cost: number): Promise<Charge | undefined> {
    const budget = httpRequestOf(context)?.budget;
    if (!budget) return undefined;
    const state = await this.spend(budget.client, Math.max(1, cost));
    budget.state = state;
    if (state.consumedPoints > this.points)
      throw new GraphQLError(this.message(state), {
        extensions: { code: ErrorCode.RATE_LIMITED, http: { status: 429 }, cost: { requested: cost, remaining: 0 } },
      });
    return { limit: this.points, remaining: state.remainingPoints };
  }

  private async spend(client: string, points: number): Promise<RateLimiterRes> {
    try {
      return await this.limiter.consume(client, points);
    } catch (res) {
      if (res instanceof RateLimiterRes) return res;
      throw res;
    }
  }

  private message(state: RateLimiterRes): string {
    const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    return `Over the budget of ${this.points} cost points per ${this.windowSeconds} s; retry in ${seconds} s (see Retry-After).`;
  }

  /** Refused before GraphQL runs, in the media type the client accepts (GraphQL over HTTP). */
  private refuse(request: FastifyRequest, reply: FastifyReply, state: RateLimiterRes) {
    return reply
      .code(429)
      .type(responseMediaType(request.headers.accept) ?? JSON_TYPE)
      .send({ errors: [{ message: this.message(state), extensions: { code: ErrorCode.RATE_LIMITED } }] });
  }
}
