import { z } from 'zod';
import { ComponentStatus, Impact, IncidentStatus } from '../shared/status-vocabulary.ts';

/**
 * The Statuspage v2 public API shapes (page, status, components, incidents with incident_updates),
 * so tools that read any Statuspage page read Downwatch's unchanged. Names and values follow
 * Statuspage's documentation; these schemas also produce the OpenAPI document.
 */
const Time = z.string().describe('ISO 8601');

export const SpPage = z
  .object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: Time })
  .meta({ id: 'StatuspagePage' });

export const SpStatus = z
  .object({
    indicator: Impact,
    description: z.string(),
  })
  .meta({ id: 'StatuspageStatus' });

export const SpComponent = z
  .object({
    id: z.string(),
    name: z.string(),
    status: ComponentStatus,
    created_at: Time,
    updated_at: Time,
    position: z.number().int(),
    description: z.string().nullable(),
    showcase: z.boolean(),
    start_date: z.string().nullable(),
    group_id: z.string().nullable(),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
    components: z.array(z.string()).optional().describe('Groups only: the ids of their components'),
  })
  .meta({ id: 'StatuspageComponent' });
export type SpComponent = z.infer<typeof SpComponent>;

export const SpIncidentUpdate = z
  .object({
    id: z.string(),
    status: IncidentStatus,
    body: z.string(),
    incident_id: z.string(),
    created_at: Time,
    updated_at: Time,
    display_at: Time,
    affected_components: z
      .array(z.object({ code: z.string(), name: z.string(), old_status: z.string(), new_status: z.string() }))
      .nullable(),
    deliver_notifications: z.boolean(),
    custom_tweet: z.string().nullable(),
    tweet_id: z.string().nullable(),
  })
  .meta({ id: 'StatuspageIncidentUpdate' });
export type SpIncidentUpdate = z.infer<typeof SpIncidentUpdate>;

export const SpIncident = z
  .object({
    id: z.string(),
    name: z.string(),
    status: IncidentStatus,
    created_at: Time,
    updated_at: Time,
    monitoring_at: Time.nullable(),
    resolved_at: Time.nullable(),
    impact: Impact,
    shortlink: z.string(),
    started_at: Time,
    page_id: z.string(),
    incident_updates: z.array(SpIncidentUpdate).describe('Newest first'),
    components: z.array(SpComponent),
  })
  .meta({ id: 'StatuspageIncident' });
export type SpIncident = z.infer<typeof SpIncident>;

export const SpSummary = z
  .object({
    page: SpPage,
    status: SpStatus,
    components: z.array(SpComponent),
    incidents: z.array(SpIncident).describe('Unresolved incidents'),
    scheduled_maintenances: z
      .array(z.never())
      .describe('Always empty: Downwatch detects, it does not schedule'),
  })
  .meta({ id: 'StatuspageSummary' });
export type SpSummary = z.infer<typeof SpSummary>;

export const SpStatusDoc = z
  .object({ page: SpPage, status: SpStatus })
  .meta({ id: 'StatuspageStatusDocument' });
export const SpComponentsDoc = z
  .object({ page: SpPage, components: z.array(SpComponent) })
  .meta({ id: 'StatuspageComponents' });
export const SpIncidentsDoc = z
  .object({ page: SpPage, incidents: z.array(SpIncident) })
  .meta({ id: 'StatuspageIncidents' });
