import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../shared/errors.ts';

const HOUR = 3_600_000;
/** A page's form token stays good this long (a tab left open over a morning still posts). */
const REPORT_TOKEN_HOURS = 12;
/** The cookie a visitor's subscribe form is bound to (SameSite=Strict: never sent cross-site). */
export const FORM_COOKIE = 'dw_form';

const cookieOf = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
};

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Cross-site request forgery defences of the site's forms (ADR 20). Two checks, both required:
 * - the origin: a browser says where a form was posted from (Origin; else Sec-Fetch-Site; else
 *   Referer); anything but this site is refused. A client that sends none of them is no browser
 *   a hostile page could drive, and meets the token check alone.
 * - a per-form token: the report form's is bound to the service and the hour (the page is cached
 *   and shared, so it cannot name the visitor); the subscribe form's is bound to a random cookie of
 *   the visitor, SameSite=Strict, so another site can neither read nor send it.
 * The secret is shared by the nodes of a cluster (DOWNWATCH_FORM_SECRET, else derived from the
 * admin token, else random per process).
 */
export class FormGuard {
  readonly #key: Buffer;
  readonly #origins: Set<string>;

  constructor(o: {
    secret: string | undefined;
    adminToken: string | undefined;
    publicUrl: string | undefined;
  }) {
    this.#key = o.secret
      ? Buffer.from(o.secret)
      : o.adminToken
        ? createHmac('sha256', o.adminToken).update('downwatch forms').digest()
        : randomBytes(32);
    this.#origins = new Set(o.publicUrl ? [new URL(o.publicUrl).origin] : []);
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('base64url').slice(0, 32);
  }

  /** Throws ForbiddenError when the browser says the form was posted from another site. */
  checkOrigin(req: FastifyRequest): void {
    const own = `${req.protocol}://${req.host}`;
    const allowed = (origin: string) => origin === own || this.#origins.has(origin);
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== 'null') {
      if (!allowed(origin)) throw new ForbiddenError('This form can only be sent from this site.');
      return;
    }
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string') {
      if (site !== 'same-origin' && site !== 'none')
        throw new ForbiddenError('This form can only be sent from this site.');
      return;
    }
    if (origin === 'null') throw new ForbiddenError('This form can only be sent from this site.');
    const referer = req.headers.referer;
    if (typeof referer === 'string') {
      let from = '';
      try {
        from = new URL(referer).origin;
      } catch {}
      if (!allowed(from)) throw new ForbiddenError('This form can only be sent from this site.');
    }
  }

  /** The report form's token for a service page rendered at `now`. */
  reportToken(slug: string, now: number): string {
    const hour = Math.floor(now / HOUR);
    return `${hour}.${this.#mac(`report:${slug}:${hour}`)}`;
  }

  checkReportToken(slug: string, token: unknown, now: number): boolean {
    if (typeof token !== 'string') return false;
    const [h, mac] = token.split('.');
    const hour = Number(h);
    const current = Math.floor(now / HOUR);
    if (!Number.isInteger(hour) || hour > current || hour < current - REPORT_TOKEN_HOURS || !mac)
      return false;
    return same(mac, this.#mac(`report:${slug}:${hour}`));
  }

  /** The visitor's form cookie (made if missing) and the subscribe form's token bound to it. */
  subscribeToken(req: FastifyRequest): { cookie: string; token: string; setCookie: string | undefined } {
    const had = cookieOf(req.headers.cookie, FORM_COOKIE);
    const cookie = had && /^[A-Za-z0-9_-]{22}$/.test(had) ? had : randomBytes(16).toString('base64url');
    return {
      cookie,
      token: this.#mac(`subscribe:${cookie}`),
      setCookie:
        cookie === had
          ? undefined
          : `${FORM_COOKIE}=${cookie}; Path=/subscribe; HttpOnly; SameSite=Strict${req.protocol === 'https' ? '; Secure' : ''}`,
    };
  }

  checkSubscribeToken(req: FastifyRequest, token: unknown): boolean {
    const cookie = cookieOf(req.headers.cookie, FORM_COOKIE);
    return typeof token === 'string' && cookie !== undefined && same(token, this.#mac(`subscribe:${cookie}`));
  }
}
