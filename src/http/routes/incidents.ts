import { z } from 'zod';
import { ArchiveFilter, archiveQuery, cursorOf } from '../../incidents/archive-filter.ts';
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
      summary:
        'Incidents, newest first; filtered by service, provider, date range and severity, one page at a time',
      tag: 'incidents',
      query: ArchiveFilter,
      responses: {
        200: {
          description: 'Incidents, and the `after` value of the next page (null on the last)',
          schema: z.object({ incidents: z.array(IncidentSummary), next: z.string().nullable() }),
        },
      },
      handler: async ({ query, reply }) => {
        reply.header('cache-control', 'public, max-age=10');
        // One more than asked says whether another page follows.
        const rows = await ctx.incidents.archive(archiveQuery(query, ctx.catalog, query.limit + 1));
        const page = rows.slice(0, query.limit);
        const last = page[page.length - 1];
        return {
          incidents: page.map(summarise),
          next: rows.length > query.limit && last ? cursorOf(last) : null,
        };
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
