import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INLINE_SCRIPTS } from '../web/layout.ts';

const scriptHashes = INLINE_SCRIPTS.map((s) => `'sha256-${hash('sha256', s, 'base64')}'`).join(' ');

/**
 * What the site's pages may load and who may frame them. Scripts: our own files and the theme
 * snippet (by hash), so an injected <script> would not run. Styles allow inline `style=""`
 * attributes, which the charts and bars use for their sizes. The live updates connect to our own
 * origin only; forms post only to it; no page may be framed (clickjacking of the report form).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' ${scriptHashes}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * An onSend hook for the site's routes (pages, assets, downloads, subscribe pages, API docs). The
 * JSON API goes without it: the hot report path should not pay for headers a browser would ignore.
 */
export async function securityHeaders(_req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.headers(HEADERS);
  return payload;
}
