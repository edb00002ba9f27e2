import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  type AddressPolicy,
  BlockedAddressError,
  checkUrlHost,
  guardedLookup,
} from '../../shared/address-guard.ts';
import { DomainError } from '../../shared/errors.ts';
import type { SendResult } from './channel.ts';

export type HttpReply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

const MAX_BODY = 16 * 1024;

/**
 * POSTs a body to a user-configured URL: the host is checked against the address policy (IP
 * literals here, DNS names at connect time), redirects are not followed, the whole exchange has a
 * deadline and at most 16 KiB of the answer is read.
 */
export function postTo(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { policy: AddressPolicy; timeoutMs: number },
): Promise<HttpReply> {
  const u = new URL(url);
  checkUrlHost(u, opts.policy);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: 'POST',
        headers: { 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Downwatch', ...headers },
        lookup: guardedLookup(opts.policy),
        timeout: opts.timeoutMs,
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c);
          size += c.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
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
