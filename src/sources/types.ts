/** Records of outside sources (official status pages, public posts, routing) as the store holds them. */

/** One per-minute counter increment: `kind` is 'posts', 'posts_discounted' or 'routing'. */
export type SignalCount = { service: string; kind: string; dim: string; n: number };

/**
 * One item from a source (a post, a routing message): counted once, however often it arrives.
 * `item` is unique within `source` (a post's URI, a RIS message id).
 */
export type SignalItem = { source: string; item: string; at: number; counts: SignalCount[] };

/** Where a stream resumes from after a reconnect (a Jetstream time_us, a Mastodon status id). */
export type SourceCursor = { source: string; cursor: string };

export type RecordResult = { accepted: number; duplicates: number };

/** Kinds of outside events; they become timeline rows of the same kind. */
export type OutsideEventKind = 'official' | 'routing' | 'posts';

/** Something an outside source said at a time, kept until it can be attached to an incident. */
export type OutsideEvent = {
  /** Unique per fact ("official:<source>:<incident>:<update>"), so re-polls and replays add nothing. */
  dedupeKey: string;
  at: number;
  kind: OutsideEventKind;
  provider: string;
  services: string[];
  message: string;
  /** True when the source admits a problem (an official acknowledgement, a withdrawal). */
  ack: boolean;
  data: Record<string, unknown>;
};

export type StoredOutsideEvent = OutsideEvent & { id: number; incidentId: number | null; createdAt: number };

/** The last known state of one official status source (a page or a feed). */
export type OfficialState = {
  source: string;
  provider: string;
  kind: string;
  url: string;
  etag: string | null;
  lastModified: string | null;
  checkedAt: number;
  okAt: number | null;
  failures: number;
  stale: boolean;
  error: string | null;
  /** The normalised snapshot (JSON), as the adapter last read it. */
  state: unknown;
};

export type MinuteCount = { minute: number; kind: string; dim: string; n: number };

/** One incident that an official source acknowledged: the raw figures behind "status page lag". */
export type AcknowledgedIncident = {
  provider: string;
  incidentId: number;
  startedAt: number;
  detectedAt: number;
  acknowledgedAt: number;
};
