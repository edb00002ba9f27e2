import { z } from 'zod';
import { RateLimiter } from '../../intake/rate-limiter.ts';
import { AgentInfo, NewAgent } from '../../probes/agents.ts';
import { Check } from '../../probes/check.ts';
import { IngestResult, ServiceProbes } from '../../probes/probes.ts';
import { ResultBatch } from '../../probes/result.ts';
import { RateLimitedError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/zod-issues.ts';
import type { HttpContext } from '../context.ts';
import { defineRoute, type Route } from '../route.ts';

const AGENT_BODY_LIMIT = 4 * 1024 * 1024;
const agentAuth = 'Bearer token of the agent (from POST /api/v1/admin/agents)';

/** Probes: agents fetch checks and push results; admins manage agents; anyone reads a service's probes. */
export function probeRoutes(ctx: HttpContext): Route[] {
  const { probes } = ctx;
  // An agent sends a batch every few seconds at most; bursts cover a buffer being emptied.
  const agentLimiter = new RateLimiter(120, 60, 10_000);
  return [
    defineRoute({
      method: 'GET',
      costly: true,
      url: '/api/v1/services/:slug/probes',
      operationId: 'getServiceProbes',
      summary:
        "A service's probe state: the quorum verdict and the latest result of each check from each vantage point",
      tag: 'probes',
      params: z.strictObject({ slug: z.string().min(1).max(64) }),
      responses: {
        200: { description: 'Probe state', schema: ServiceProbes },
        404: { description: 'Unknown service' },
      },
      handler: async ({ params, reply }) => {
        reply.header('cache-control', 'public, max-age=10');
        return probes.serviceProbes(params.slug);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/agent/checks',
      operationId: 'getAgentChecks',
      summary: `The checks an agent runs (${agentAuth})`,
      agent: true,
      tag: 'agents',
      responses: {
        200: {
          description: 'Its vantage point name and the checks',
          schema: z.object({ vantage: z.string(), checks: z.array(Check) }),
        },
        401: { description: 'Missing, wrong or revoked agent token' },
      },
      handler: async ({ req, reply }) => {
        reply.header('cache-control', 'no-store');
        return probes.checksFor(req.headers.authorization);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/agent/results',
      operationId: 'pushAgentResults',
      summary: `Push a batch of results (${agentAuth}); idempotent by result id, so resending is safe`,
      agent: true,
      tag: 'agents',
      body: { schema: ResultBatch, contentType: 'application/json' },
      options: { bodyLimit: AGENT_BODY_LIMIT },
      responses: {
        200: { description: 'What was counted', schema: IngestResult },
        401: { description: 'Missing, wrong or revoked agent token' },
        403: {
          description: 'A result for a check not given to this agent, or from another place than its own',
        },
        422: { description: 'A malformed batch, or a result dated ahead of the server clock' },
        429: { description: 'Too many batches from this agent' },
      },
      handler: async ({ req }) => {
        // Batches per token, before any work: a leaked token cannot flood the results table.
        const key = /^Bearer +dwa_([0-9a-f]{16})_/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const wait = agentLimiter.take(key);
        if (wait > 0)
          throw new RateLimitedError(wait, 'Too many result batches from this agent; try again later.');
        return probes.receive(req.headers.authorization, req.body);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/agents',
      operationId: 'registerAgent',
      summary: 'Register a probe agent; its token is in this answer only (stored hashed)',
      tag: 'agents',
      admin: true,
      body: { schema: NewAgent, contentType: 'application/json', example: { name: 'ams-1', country: 'NL' } },
      responses: {
        201: {
          description: 'The agent and its token',
          schema: z.object({ agent: AgentInfo, token: z.string() }),
        },
        401: { description: 'Missing or wrong admin token' },
        422: { description: 'Bad or taken name' },
      },
      handler: async ({ req, reply }) => {
        const made = await probes.createAgent(parseOrThrow(NewAgent, req.body ?? {}, 'body'));
        reply.code(201).header('cache-control', 'no-store');
        return made;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/admin/agents',
      operationId: 'listAgents',
      summary: 'Probe agents, with what they last reported and when they were last seen',
      tag: 'agents',
      admin: true,
      responses: {
        200: { description: 'Agents', schema: z.object({ agents: z.array(AgentInfo) }) },
        401: { description: 'Missing or wrong admin token' },
      },
      handler: async ({ reply }) => {
        reply.header('cache-control', 'no-store');
        return { agents: await probes.listAgents() };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/agents/:id/rotate',
      operationId: 'rotateAgentToken',
      summary: 'Give an agent a new token (in this answer only); its old token is refused from now on',
      tag: 'agents',
      admin: true,
      params: z.strictObject({ id: z.coerce.number().int().positive() }),
      responses: {
        200: {
          description: 'The agent and its new token',
          schema: z.object({ agent: AgentInfo, token: z.string() }),
        },
        401: { description: 'Missing or wrong admin token' },
        403: { description: 'The agent has been revoked' },
        404: { description: 'No such agent' },
      },
      handler: async ({ params, reply }) => {
        reply.header('cache-control', 'no-store');
        return probes.rotateAgentToken(params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/agents/:id/revoke',
      operationId: 'revokeAgent',
      summary: "Revoke an agent's token at once",
      tag: 'agents',
      admin: true,
      params: z.strictObject({ id: z.coerce.number().int().positive() }),
      responses: {
        200: { description: 'The revoked agent', schema: z.object({ agent: AgentInfo }) },
        401: { description: 'Missing or wrong admin token' },
        404: { description: 'No such agent' },
      },
      handler: async ({ params }) => ({ agent: await probes.revokeAgent(params.id) }),
    }),
  ];
}
