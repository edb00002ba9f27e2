import { z } from 'zod';
import { UnavailableError } from '../../shared/errors.ts';
import type { HttpContext } from '../context.ts';
import { defineRoute, type Route } from '../route.ts';

const Health = z.object({ status: z.enum(['ok']), version: z.string() });
const Ready = z.object({
  status: z.enum(['ready']),
  store: z.enum(['sqlite', 'postgres']),
  leader: z.boolean().describe('This node applies incident changes and runs singleton jobs'),
  services: z.number().int(),
  backlog: z.number().int(),
});

/** Liveness (the process answers) and readiness (the store answers and the snapshot exists). */
export function healthRoutes(ctx: HttpContext): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'getLiveness',
      summary: 'Liveness',
      tag: 'health',
      responses: { 200: { description: 'The process is alive', schema: Health } },
      // Liveness must answer even while the server sheds load.
      options: { config: { pressureHandler: () => undefined } },
      handler: async () => ({ status: 'ok', version: ctx.version }),
    }),
    defineRoute({
      method: 'GET',
      url: '/readyz',
      operationId: 'getReadiness',
      summary: 'Readiness: the store answers and the status snapshot is built',
      tag: 'health',
      responses: {
        200: { description: 'Ready for traffic', schema: Ready },
        503: { description: 'Not ready' },
      },
      handler: async ({ reply }) => {
        try {
          await ctx.store.ping();
        } catch {
          throw new UnavailableError('The store does not answer.', 2);
        }
        // Writes can fail while reads still answer; a node that cannot save reports is not ready.
        if (ctx.intake.commit.failing())
          throw new UnavailableError('The store refuses writes: reports cannot be saved right now.', 5);
        if (!ctx.snapshot.summary) throw new UnavailableError('The status snapshot is not built yet.', 1);
        reply.header('cache-control', 'no-store');
        return {
          status: 'ready',
          store: ctx.store.engine,
          leader: ctx.coordination.isLeader(),
          services: ctx.catalog.services.length,
          backlog: ctx.intake.commit.backlog,
        };
      },
    }),
  ];
}
