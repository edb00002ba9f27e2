import type { Agent } from 'undici';
import type { AddressPolicy } from '../address-guard.ts';
import { checkUrlHost } from '../address-guard.ts';
import { DomainError } from '../errors.ts';
import { guardedAgent } from './guarded-agent.ts';

export type OutboundRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'HEAD';
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange (every hop, headers and body) must end within this. */
  timeoutMs: number;
  /** Bytes of the answer's body kept; the rest is not read (`truncated` says so). */
  maxBytes: number;
  /** Redirects followed (0: a 3xx is returned as it is). */
  maxRedirects: number;
  signal?: AbortSignal;
};

export type OutboundReply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** True when the body was longer than `maxBytes` (only the first `maxBytes` are in `body`). */
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
  redirects: number;
};

export class OutboundError extends DomainError {
  constructor(message: string) {
    super('outbound-refused', message);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin (credentials). */
const PRIVATE_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The project's one client for requests to other machines (status pages and feeds, webhooks and the
 * alert channels' APIs): http and https only, the address guard on every connection (guarded-agent),
 * redirects followed one hop at a time up to a limit (303 turns into GET, credentials dropped across
 * origins), one deadline for the whole exchange, and a cap on the bytes read. See ADR 15.
 */
export class OutboundClient {
  readonly #agent: Agent;
  readonly #policy: AddressPolicy;
  readonly #userAgent: string;

  constructor(o: { policy: AddressPolicy; userAgent?: string; connectTimeoutMs?: number }) {
    this.#policy = o.policy;
    this.#userAgent = o.userAgent ?? 'Downwatch';
    this.#agent = guardedAgent(o.policy, { connectTimeoutMs: o.connectTimeoutMs ?? 10_000 });
  }

  async request(target: string | URL, r: OutboundRequest): Promise<OutboundReply> {
    const deadline = AbortSignal.timeout(r.timeoutMs);
    const signal = r.signal ? AbortSignal.any([r.signal, deadline]) : deadline;
    let url = new URL(target);
    let method = r.method ?? 'GET';
    let body = r.body;
    let headers: Record<string, string> = { 'user-agent': this.#userAgent, ...r.headers };
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new OutboundError(`${url.protocol} URLs are not fetched (only http and https).`);
      checkUrlHost(url, this.#policy);
      const res = await this.#agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
        signal,
        headersTimeout: r.timeoutMs,
        bodyTimeout: r.timeoutMs,
      });
      const location = res.headers.location;
      const next = typeof location === 'string' && REDIRECTS.has(res.statusCode) ? location : undefined;
      if (next !== undefined && hop < r.maxRedirects) {
        await res.body.dump().catch(() => undefined);
        const to = new URL(next, url);
        if (to.origin !== url.origin)
          headers = Object.fromEntries(
            Object.entries(headers).filter(([k]) => !PRIVATE_HEADERS.includes(k.toLowerCase())),
          );
        if (
          res.statusCode === 303 ||
          ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
        }
        url = to;
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of res.body) {
        const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        if (size + c.length > r.maxBytes) {
          chunks.push(c.subarray(0, r.maxBytes - size));
          truncated = true;
          res.body.destroy();
          break;
        }
        chunks.push(c);
        size += c.length;
      }
      return {
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        truncated,
        url: url.href,
        redirects: hop,
      };
    }
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}

const shared = new Map<string, OutboundClient>();

/**
 * The client for a policy, made once per distinct policy and kept for the process (two or three
 * exist: private allowed or not, per the operator's settings), so connections are reused.
 */
export function outboundClient(policy: AddressPolicy): OutboundClient {
  const key = `${policy.allowPrivate}|${(policy.allow ?? []).join(',')}`;
  let c = shared.get(key);
  if (!c) {
    c = new OutboundClient({ policy });
    shared.set(key, c);
  }
  return c;
}
