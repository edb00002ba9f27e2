import { z } from 'zod';
import { IncidentReport, IncidentSummary } from '../incidents/incident-report.ts';
import { ComponentStatus, ProblemLevel } from '../shared/status-vocabulary.ts';

export const Share = z.object({
  key: z.string(),
  reports: z.number().int(),
  share: z.number().min(0).max(1),
});

export const ServiceStatus = z
  .object({
    slug: z.string(),
    name: z.string(),
    provider: z.string(),
    kind: z.string(),
    status: ComponentStatus,
    /** What a person is told (the field keeps its published name). */
    verdict: ProblemLevel,
    reports15m: z.number().int().describe('Counted reports in the last 15 minutes'),
    reports24h: z.number().int().describe('Counted reports in the last 24 hours'),
    expectedPerMinute: z.number().describe('Reports per minute the baseline expects now'),
    observedPerMinute: z.number().describe('Counted reports in the last completed minute (after discounts)'),
    incidentId: z.number().int().nullable().describe('The open incident this service is part of'),
    learning: z
      .object({
        hours: z.number().int().describe('Hours of history the detector has for this service'),
        of: z.number().int().describe('Hours it needs before its usual level is fully learned'),
      })
      .nullable()
      .describe(
        'Set while the detector is still learning this service\'s usual level ("still learning: N of M hours"); surges are still flagged meanwhile',
      ),
    topProblems: z.array(Share).describe('Problems in the last 24 hours, largest first'),
    topCountries: z.array(Share).describe('Countries in the last 24 hours, largest first'),
  })
  .meta({ id: 'ServiceStatus' });
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const StatusSummary = z
  .object({
    updatedAt: z.iso.datetime(),
    services: z.array(ServiceStatus),
    incidents: z.array(IncidentSummary).describe('Open incidents, oldest first'),
  })
  .meta({ id: 'StatusSummary' });
export type StatusSummary = z.infer<typeof StatusSummary>;

export const SeriesBucket = z.object({
  t: z.iso.datetime().describe('Start of the 15-minute bucket'),
  reports: z.number().int().describe('Counted reports'),
  expected: z.number().describe('Reports the baseline expects in this bucket for this time of week'),
});

/** Everything a service page shows, rebuilt with the snapshot (no query per page view). */
export const ServiceDetail = z
  .object({
    status: ServiceStatus,
    series: z.array(SeriesBucket).describe('The last 24 hours in 15-minute buckets'),
    incidents: z.array(IncidentSummary).describe('Recent incidents involving this service, newest first'),
    current: IncidentReport.nullable().describe(
      'The open incident this service is part of, with its timeline',
    ),
  })
  .meta({ id: 'ServiceDetail' });
export type ServiceDetail = z.infer<typeof ServiceDetail>;

/** One snapshot: the summary and each service's detail. */
export type StatusModel = { summary: StatusSummary; details: Map<string, ServiceDetail> };
