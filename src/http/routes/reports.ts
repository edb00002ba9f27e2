import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { importReports } from '../../intake/import-reports.ts';
import { submitReport } from '../../intake/intake.ts';
import { ImportLine, ReportAccepted, ReportBody } from '../../intake/report-body.ts';
import type { HttpContext } from '../context.ts';
import { originOf } from '../origin.ts';
import { defineRoute, type Route } from '../route.ts';

const StoredReport = z.object({
  id: z.number().int(),
  service: z.string(),
  problem: z.string(),
  country: z.string(),
  receivedAt: z.iso.datetime(),
  counted: z.boolean(),
  source: z.enum(['web', 'import']),
});

const ImportSummary = z
  .object({
    lines: z.number().int(),
    accepted: z.number().int(),
    counted: z.number().int(),
    rejected: z.number().int(),
    errors: z
      .array(z.object({ line: z.number().int(), message: z.string() }))
      .describe('The first 1,000 bad lines'),
  })
  .meta({ id: 'ImportSummary' });

const IMPORT_LIMIT = 64 * 1024 * 1024;

/** Report intake, recent reports, and the authenticated bulk import. */
export function reportRoutes(ctx: HttpContext): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/reports',
      operationId: 'submitReport',
      summary: 'Report a problem with a service',
      tag: 'reports',
      body: {
        schema: ReportBody,
        contentType: 'application/json',
        example: { service: 'instagram', problem: 'login', country: 'ID' },
      },
      responses: {
        201: { description: 'Committed to the store', schema: ReportAccepted },
        404: { description: 'Unknown service' },
        413: { description: 'Body too large' },
        422: { description: 'Unknown problem category or a bad field' },
        429: { description: 'Too many reports from this address (see Retry-After)' },
        503: { description: 'Store unavailable; nothing was saved (see Retry-After)' },
      },
      handler: async ({ req, reply }) => {
        const accepted = await submitReport(ctx.intake, req.body, originOf(ctx.config, req));
        reply.code(201);
        return accepted;
      },
    }),
    defineRoute({
      method: 'GET',
      costly: true,
      url: '/api/v1/reports',
      operationId: 'listReports',
      summary: 'Recent reports, newest first (no personal data)',
      tag: 'reports',
      query: z.strictObject({
        service: z.string().optional().describe('Only this service'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        before: z.coerce
          .number()
          .int()
          .positive()
          .optional()
          .describe('Only reports with a smaller id (paging)'),
      }),
      responses: { 200: { description: 'Reports', schema: z.object({ reports: z.array(StoredReport) }) } },
      handler: async ({ query }) => {
        const reports = await ctx.store.recentReports(query);
        return { reports: reports.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt).toISOString() })) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/reports/import',
      operationId: 'importReports',
      summary: 'Import historical reports (NDJSON, one report per line)',
      tag: 'admin',
      admin: true,
      body: {
        schema: ImportLine,
        contentType: 'application/x-ndjson',
        // One line of the body (the schema is one line's too): NDJSON has no whole-body schema.
        example: { service: 'facebook', problem: 'login', at: '2024-03-05T15:20:00Z', country: 'US' },
      },
      options: { bodyLimit: IMPORT_LIMIT },
      responses: {
        200: { description: 'Good lines committed; bad lines listed by number', schema: ImportSummary },
        401: { description: 'Missing or wrong admin token' },
        413: { description: 'Body over 64 MiB' },
      },
      handler: async ({ req }) => {
        const text = typeof req.body === 'string' ? req.body : '';
        const lines = createInterface({ input: Readable.from([text]), crlfDelay: Number.POSITIVE_INFINITY });
        return importReports(
          { catalog: ctx.catalog, identities: ctx.identities, store: ctx.store, now: ctx.clock.now },
          lines,
        );
      },
    }),
  ];
}
