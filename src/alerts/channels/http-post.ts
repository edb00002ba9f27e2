import { type AddressPolicy, BlockedAddressError } from '../../shared/address-guard.ts';
import { DomainError } from '../../shared/errors.ts';
import { outboundClient } from '../../shared/outbound/outbound-client.ts';
import type { SendResult } from './channel.ts';

export type HttpReply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

const MAX_BODY = 16 * 1024;

/**
 * POSTs (or PUTs: Matrix) a body to a user-configured URL through the outbound client: every connection checked
 * against the address policy, redirects not followed (a signed payload goes where it was pointed),
 * one deadline for the whole exchange, at most 16 KiB of the answer read.
 */
export async function postTo(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { policy: AddressPolicy; timeoutMs: number; method?: 'POST' | 'PUT' },
): Promise<HttpReply> {
  const r = await outboundClient(opts.policy).request(url, {
    method: opts.method ?? 'POST',
    headers,
    body,
    timeoutMs: opts.timeoutMs,
    maxBytes: MAX_BODY,
    maxRedirects: 0,
  });
  return { status: r.status, headers: r.headers, body: r.body };
}

/** Retry-After in milliseconds (seconds or an HTTP date), if given. */
export function retryAfterMs(h: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * The usual reading of an HTTP answer: 2xx delivered; 408, 425, 429 and 5xx worth retrying;
 * anything else (a 4xx, a redirect) will not get better by itself.
 */
export function classifyHttp(r: HttpReply, now: number, detail = r.body): SendResult {
  if (r.status >= 200 && r.status < 300) return { ok: true, status: r.status };
  const retryable = r.status === 408 || r.status === 425 || r.status === 429 || r.status >= 500;
  const reason = `HTTP ${r.status}${r.status >= 300 && r.status < 400 ? ' (redirects are not followed)' : ''}${
    detail.trim() ? `: ${detail.trim().slice(0, 200)}` : ''
  }`;
  const after = retryAfterMs(r.headers['retry-after'], now);
  return {
    ok: false,
    retryable,
    status: r.status,
    reason,
    ...(after === undefined ? {} : { retryAfterMs: after }),
  };
}

/** A failure before any answer: refused by the address guard (permanent) or the network (retryable). */
export function classifyError(e: unknown): SendResult {
  if (e instanceof BlockedAddressError)
    return { ok: false, retryable: false, status: null, reason: e.message };
  if (e instanceof DomainError) return { ok: false, retryable: false, status: null, reason: e.message };
  const err = e as { code?: unknown; message?: unknown; name?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const message =
    err.name === 'TimeoutError' || err.name === 'AbortError'
      ? 'no answer in time'
      : typeof err.message === 'string'
        ? err.message
        : String(e);
  return { ok: false, retryable: true, status: null, reason: code ? `${code}: ${message}` : message };
}
