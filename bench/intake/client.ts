/**
 * The load generators of bench/intake behind one shape: wrk (wrk-client.ts, the default) and
 * autocannon (autocannon-client.ts). run.ts sees only a LoadClient and the LoadResult of each run.
 */
import type { Mix } from './load.ts';

export const REPORTS_PATH = '/api/v1/reports';

/** What one run of a client measured. */
export type LoadResult = {
  /** Responses per second over the run. */
  rps: number;
  /** Responses received, whatever their status. */
  responses: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status outside 200–299. */
  non2xx: number;
  /** Socket errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** Responses per status code ("201" → n). */
  statusCodes: Record<string, number>;
  /** CPU the client used while sending (user + system, all its threads), in ms. */
  clientCpuMs: number;
  /** CPU time all cores spent busy during the run (machineBusyMs), in ms. */
  machineBusyMs: number;
};

/** One run: the ReportStream(mix, seed) sequence of requests to 127.0.0.1:port for `seconds`. */
export type LoadRun = {
  label: string;
  port: number;
  mix: Mix;
  seed: number;
  seconds: number;
  /** Called just before the first request goes out (wrk: once it has loaded its requests). */
  onStart?: () => void;
};

export type LoadClient = {
  /** Name and version, e.g. "wrk debian/4.1.0-3+b2 [epoll]" or "autocannon 9.0.0". */
  name: string;
  /** Gets ready for runs of this seed and length, before any is measured (wrk writes its request file). */
  prepare(dir: string, mix: Mix, seed: number, seconds: number): void;
  run(run: LoadRun): Promise<LoadResult>;
};

/** An error whose message says it all (a bad option, a missing tool): shown without a stack trace. */
export class PlainError extends Error {}
