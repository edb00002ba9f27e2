import type { AddressPolicy } from '../shared/address-guard.ts';
import type { Check, CheckKind } from './check.ts';
import type { Layer, Timings } from './result.ts';

/** A fact a checker measured, readable by conditions as a placeholder ([STATUS], [RCODE], …). */
export type FactValue = string | number | boolean | null;

/** What one attempt of a check found. */
export type Attempt = {
  /** The target answered (an HTTP response, a DNS rcode, a TCP connection, a TLS handshake): conditions apply. */
  completed: boolean;
  /** The kind's default rule (used when the check has no conditions). */
  ok: boolean;
  layer: Layer | null;
  code: string | null;
  message: string | null;
  timings: Timings;
  /** Placeholder values by upper-case name; RESPONSE_TIME is always present. */
  facts: Record<string, FactValue>;
  /** The response body and headers (HTTP), for [BODY] and [HEADER:name] conditions; not stored. */
  body?: string;
  headers?: Record<string, string>;
};

export type CheckContext = { policy: AddressPolicy; signal: AbortSignal };

/** Runs one attempt of one kind of check. Never throws: failures are attempts with ok false. */
export type Checker<C extends Check = Check> = {
  kind: CheckKind;
  run: (check: C, ctx: CheckContext) => Promise<Attempt>;
};

/** A failed attempt. */
export const failed = (
  layer: Layer,
  code: string,
  message: string,
  timings: Timings,
  facts: Record<string, FactValue> = {},
  completed = false,
): Attempt => ({
  completed,
  ok: false,
  layer,
  code,
  message: message.slice(0, 500),
  timings,
  facts: { RESPONSE_TIME: Math.round(timings.total), CONNECTED: false, ...facts },
});

/** Milliseconds since `t0` (performance.now), rounded to 0.1 ms. */
export const since = (t0: number): number => Math.round((performance.now() - t0) * 10) / 10;

/** DNS error codes (c-ares and getaddrinfo) as the rcode or condition they mean. */
const DNS_CODES: Record<string, string> = {
  ESERVFAIL: 'SERVFAIL',
  ENOTFOUND: 'NXDOMAIN',
  ETIMEOUT: 'TIMEOUT',
  EREFUSED: 'REFUSED',
  ENODATA: 'NODATA',
  EAI_AGAIN: 'SERVFAIL',
  EAI_NONAME: 'NXDOMAIN',
  EAI_NODATA: 'NODATA',
  ECONNREFUSED: 'UNREACHABLE',
};

/**
 * Classifies a socket-level error by the phase it happened in. Address-policy refusals are
 * "policy"; name-resolution errors are "dns" whatever the phase; TLS errors are "tls".
 */
export function classifyError(
  err: unknown,
  phase: Layer,
  timedOut: boolean,
): { layer: Layer; code: string; message: string } {
  const e = err as { code?: unknown; kind?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (e.kind === 'blocked-address') return { layer: 'policy', code: 'BLOCKED', message };
  if (timedOut) return { layer: phase, code: 'TIMEOUT', message: `no answer in time (during ${phase})` };
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  if (phase === 'dns' && DNS_CODES[code]) return { layer: 'dns', code: DNS_CODES[code]!, message };
  if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code) || phase === 'tls')
    return { layer: 'tls', code, message };
  return { layer: phase, code, message };
}

export { DNS_CODES };
