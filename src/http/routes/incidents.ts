import { z } from 'zod';
import {
  IncidentReport,
  IncidentSummary,
  incidentReport,
  summarise,
} from '../../incidents/incident-report.ts';
import type { HttpContext } from '../context.ts';
import { defineRoute, type Route } from '../route.ts';

/** Incidents: the list, and one incident's citable report with its timeline. */
export function incidentRoutes(ctx: HttpContext): Route[] {
  return [
    defineRoute({
      method: 'GET',
      costly: true,
      url: '/api/v1/incidents',
      operationId: 'listIncidents',
      summary: 'Incidents, newest first',
      tag: 'incidents',
      query: z.strictObject({
        service: z.string().optional().describe('Only incidents that involve this service'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: {
        200: { description: 'Incidents', schema: z.object({ incidents: z.array(IncidentSummary) }) },
      },
      handler: async ({ query, reply }) => {
        reply.header('cache-control', 'public, max-age=10');
        return { incidents: (await ctx.incidents.listIncidents(query)).map(summarise) };
      },
    }),
    defineRoute({
      method: 'GET',
      costly: true,
      url: '/api/v1/incidents/:id',
      operationId: 'getIncident',
      summary: 'One incident: start, peak, end, totals, top problems and countries, timeline',
      tag: 'incidents',
      params: z.strictObject({ id: z.coerce.number().int().positive() }),
      responses: {
        200: { description: 'The incident report', schema: IncidentReport },
        404: { description: 'No such incident' },
      },
      handler: async ({ params, reply }) => {
        reply.header('cache-control', 'public, max-age=10');
        return incidentReport(ctx.store, ctx.incidents, params.id, ctx.clock.now());
      },
    }),
  ];
}
