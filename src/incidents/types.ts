import type { Impact, IncidentStatus, ServiceState } from '../shared/status-vocabulary.ts';

/** Incident records as the incidents repository holds them, in the shared status vocabulary. */

export type IncidentService = {
  service: string;
  status: ServiceState;
  startedAt: number;
  detectedAt: number;
  recoveredAt: number | null;
  peakAt: number;
  peakRate: number;
};

export type IncidentEvent = {
  id: number;
  at: number;
  kind: string;
  service: string | null;
  message: string;
  data: Record<string, unknown>;
};

export type Incident = {
  id: number;
  groupKey: string;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  startedAt: number;
  detectedAt: number;
  peakAt: number;
  peakRate: number;
  resolvedAt: number | null;
  updatedAt: number;
  services: IncidentService[];
};

export type NewEvent = {
  at: number;
  kind: string;
  service?: string | undefined;
  message: string;
  data?: Record<string, unknown>;
};

/** A new incident as the monitor opens it: its group, first title and impact, and when it began. */
export type NewIncident = {
  groupKey: string;
  title: string;
  impact: Impact;
  startedAt: number;
  detectedAt: number;
  peakRate: number;
};

/** The fields of an open incident that change as it evolves. */
export type IncidentUpdate = {
  title: string;
  impact: Impact;
  status: IncidentStatus;
  peakAt: number;
  peakRate: number;
  updatedAt: number;
};

/** One page of the incident archive: filters, and where the previous page ended (newest first). */
export type ArchiveQuery = {
  /** Only incidents that involve one of these services (a provider's services, or one). */
  services?: string[] | undefined;
  /** Only incidents of these impacts. */
  impacts?: Impact[] | undefined;
  /** Started at or after (epoch ms). */
  from?: number | undefined;
  /** Started before (epoch ms). */
  to?: number | undefined;
  /** Older than this incident (the last one of the previous page): keyset paging, fast at any depth. */
  after?: { startedAt: number; id: number } | undefined;
  limit: number;
};
