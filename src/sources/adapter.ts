/**
 * The one interface every outside-source adapter implements (status pollers, post streams, routing
 * streams). Each is tested by the shared contract suite in source-adapter.contract.ts.
 */

/** Figures an adapter keeps about itself; all counters only grow. */
export type AdapterStats = {
  /** Successful connections (streams) or successful fetches (pollers). */
  connects: number;
  /** Connections lost or fetches failed. */
  disconnects: number;
  /** Messages (or responses) received. */
  messages: number;
  /** Messages that did not parse or did not have the documented shape; they are skipped. */
  malformed: number;
  /** Items counted (committed, first time seen). */
  accepted: number;
  /** Items seen before (a replay after a reconnect): not counted again. */
  duplicates: number;
  /** Items dropped because the write queue was full (the store is slower than the stream). */
  dropped: number;
  /** Outside events kept (official changes, routing evidence, post surges). */
  events: number;
  lastError: string | null;
  /** Where a reconnect resumes from, when the protocol has a cursor. */
  cursor: string | null;
};

export const emptyStats = (): AdapterStats => ({
  connects: 0,
  disconnects: 0,
  messages: 0,
  malformed: 0,
  accepted: 0,
  duplicates: 0,
  dropped: 0,
  events: 0,
  lastError: null,
  cursor: null,
});

export interface SourceAdapter {
  /** "bluesky", "mastodon", "ris", "status:<url>". */
  readonly name: string;
  /** Starts connecting or polling in the background; never throws, never stops by itself. */
  start(): void;
  /** Stops for good: closes connections, clears timers, writes what is buffered. */
  stop(): Promise<void>;
  /** Writes what is buffered now (items and cursor). */
  flush(): Promise<void>;
  stats(): AdapterStats;
}

/**
 * The stats of a streaming adapter: its own counters, plus what its connection saw (messages,
 * oversize frames count as malformed) and what its write queue did. `extra` fills the rest.
 */
export function streamAdapterStats(
  own: AdapterStats,
  stream: { connects: number; disconnects: number; messages: number; oversize: number },
  sink: { accepted: number; duplicates: number; dropped: number },
  extra: Partial<Pick<AdapterStats, 'events' | 'cursor'>>,
): AdapterStats {
  return {
    ...own,
    connects: stream.connects,
    disconnects: stream.disconnects,
    messages: stream.messages + own.messages,
    malformed: own.malformed + stream.oversize,
    accepted: sink.accepted,
    duplicates: sink.duplicates,
    dropped: sink.dropped,
    cursor: null,
    ...extra,
  };
}
