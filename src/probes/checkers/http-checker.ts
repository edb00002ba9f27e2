import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { checkUrlHost, guardedLookup } from '../../shared/address-guard.ts';
import type { HttpCheck } from '../check.ts';
import { type Attempt, type CheckContext, type Checker, classifyError, failed, since } from '../checker.ts';
import type { Layer, Timings } from '../result.ts';

const BODY_LIMIT = 64 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type Hop = {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  certDaysLeft?: number;
  address?: string;
};

class HopError extends Error {
  readonly phase: Layer;
  readonly original: unknown;
  constructor(phase: Layer, original: unknown) {
    super('hop failed');
    this.phase = phase;
    this.original = original;
  }
}

/** One request/response, with the phase reached and the time each phase ended (added into `t`). */
function exchange(url: URL, check: HttpCheck, method: string, ctx: CheckContext, t: Timings): Promise<Hop> {
  const https = url.protocol === 'https:';
  const start = performance.now();
  let phase: Layer = /^[\d.]+$|^\[/.test(url.hostname) ? 'connect' : 'dns';
  return new Promise<Hop>((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(url, {
      method,
      headers: { 'user-agent': 'Downwatch-probe/1', ...check.headers },
      agent: false,
      lookup: guardedLookup(ctx.policy),
      signal: ctx.signal,
      ...(https ? { rejectUnauthorized: !check.insecure, ...(check.ca ? { ca: check.ca } : {}) } : {}),
    });
    let certDaysLeft: number | undefined;
    req.on('socket', (socket) => {
      socket.once('lookup', () => {
        t.dns = (t.dns ?? 0) + since(start);
        phase = 'connect';
      });
      socket.once('connect', () => {
        t.connect = (t.connect ?? 0) + since(start);
        phase = https ? 'tls' : 'http';
      });
      socket.once('secureConnect', () => {
        t.tls = (t.tls ?? 0) + since(start);
        phase = 'http';
        const cert = (socket as TLSSocket).getPeerCertificate();
        if (cert?.valid_to) certDaysLeft = Math.floor((Date.parse(cert.valid_to) - Date.now()) / 86_400_000);
      });
    });
    req.on('error', (e) => reject(new HopError(phase, e)));
    req.on('response', (res) => {
      t.firstByte = (t.firstByte ?? 0) + since(start);
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(certDaysLeft !== undefined ? { certDaysLeft } : {}),
          ...(res.socket?.remoteAddress ? { address: res.socket.remoteAddress } : {}),
        });
      res.on('data', (c: Buffer) => {
        if (size >= BODY_LIMIT) return;
        chunks.push(c);
        size += c.length;
        if (size >= BODY_LIMIT) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', (e) => reject(new HopError('http', e)));
    });
    req.end(method === 'POST' ? check.body : undefined);
  });
}

/**
 * HTTP(S): status, per-phase timings, redirects followed one hop at a time (each hop's host checked
 * against the address policy, and every connection made through the guarded lookup), body for
 * keyword and JSON conditions. Default rule: the final status is below 400.
 */
export const httpChecker: Checker<HttpCheck> = {
  kind: 'http',
  async run(check, ctx): Promise<Attempt> {
    const t0 = performance.now();
    const t: Timings = { total: 0 };
    let url = new URL(check.url);
    let method = check.method;
    for (let hop = 0; ; hop++) {
      try {
        checkUrlHost(url, ctx.policy);
      } catch (e) {
        t.total = since(t0);
        return failed('policy', 'BLOCKED', (e as Error).message, t, { REDIRECTS: hop });
      }
      let res: Hop;
      try {
        res = await exchange(url, check, method, ctx, t);
      } catch (e) {
        t.total = since(t0);
        const { phase, original } = e instanceof HopError ? e : new HopError('http', e);
        const c = classifyError(original, phase, ctx.signal.aborted);
        return failed(c.layer, c.code, `${url.host}: ${c.message}`, t, { REDIRECTS: hop });
      }
      const location = res.headers.location;
      if (REDIRECTS.has(res.status) && location && hop < check.maxRedirects) {
        url = new URL(location, url);
        if (res.status === 303) method = 'GET';
        continue;
      }
      t.total = since(t0);
      const tooMany = REDIRECTS.has(res.status) && Boolean(location) && check.maxRedirects > 0;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const ok = res.status > 0 && res.status < 400 && !tooMany;
      return {
        completed: true,
        ok,
        layer: ok ? null : 'http',
        code: ok ? null : tooMany ? 'TOO_MANY_REDIRECTS' : `HTTP_${res.status}`,
        message: ok
          ? null
          : tooMany
            ? `more than ${check.maxRedirects} redirects (last: ${url.href})`
            : `${url.href} answered ${res.status}`,
        timings: t,
        facts: {
          STATUS: res.status,
          RESPONSE_TIME: Math.round(t.total),
          CONNECTED: true,
          REDIRECTS: hop,
          URL: url.href,
          ...(res.address ? { IP: res.address } : {}),
          ...(res.certDaysLeft !== undefined ? { CERT_EXPIRY_DAYS: res.certDaysLeft } : {}),
        },
        body: res.body,
        headers,
      };
    }
  },
};
