import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A body with its strong validator, as the snapshot and the page caches keep them. */
export type Validated = { readonly body: string; readonly etag: string };

export type Encoding = 'br' | 'gzip' | 'identity';

type Variant = { body: Buffer; etag: string };

/** Below this many bytes compression saves less than its headers cost. */
const MIN_BYTES = 512;
// Quality 5 brotli and level 6 gzip cost about a millisecond on a 40 KB page and come within a few
// per cent of the best ratios; the best brotli quality would hold the loop for tens of milliseconds.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };
const GZIP = { level: 6 };

/**
 * Compressed variants by body object. The snapshot and the page caches build one object per body
 * and rebuild, so each variant is compressed once, on the first request that asks for it, and
 * dropped with the object when the next rebuild replaces it.
 */
const variants = new WeakMap<Validated, Partial<Record<'br' | 'gzip', Variant>>>();

/** The representation's ETag for an encoding: a distinct validator per encoding (RFC 9110 §8.8.3). */
export const encodedEtag = (etag: string, encoding: Encoding): string =>
  encoding === 'identity' ? etag : `${etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`;

/**
 * The encoding to send for an Accept-Encoding header: the highest q-value among brotli and gzip,
 * brotli on a tie (smaller), `*` standing for either; identity when neither is acceptable.
 */
export function chooseEncoding(accept: string | undefined): Encoding {
  if (!accept) return 'identity';
  const q: Record<string, number> = {};
  for (const part of accept.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q[name.trim()] = Number.isFinite(value) ? value : 0;
  }
  const star = q['*'];
  const br = q.br ?? star ?? 0;
  const gzip = q.gzip ?? q['x-gzip'] ?? star ?? 0;
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}

function variant(v: Validated, encoding: 'br' | 'gzip'): Variant {
  let entry = variants.get(v);
  if (!entry) {
    entry = {};
    variants.set(v, entry);
  }
  const hit = entry[encoding];
  if (hit) return hit;
  const made = {
    body: encoding === 'br' ? brotliCompressSync(v.body, BROTLI) : gzipSync(v.body, GZIP),
    etag: encodedEtag(v.etag, encoding),
  };
  entry[encoding] = made;
  return made;
}

/** Whether an If-None-Match header names this ETag (a list, weak or strong, or `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/** Adds names to the response's Vary header, keeping what is there. */
function addVary(reply: FastifyReply, names: string[]): void {
  const had = reply.getHeader('vary');
  const list = (typeof had === 'string' ? had.split(',') : [])
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const n of names) if (!list.some((s) => s.toLowerCase() === n.toLowerCase())) list.push(n);
  reply.header('vary', list.join(', '));
}

export type EncodedOptions = {
  /**
   * False for a body rendered for this one request (a search result): it is sent as it is, since
   * compressing it would be work per request.
   */
  compress?: boolean;
  /** Whether a matching If-None-Match answers 304 (not for error pages). */
  conditional?: boolean;
};

/**
 * Sends a cached body in the encoding the client accepts (brotli or gzip, compressed once per
 * body), with that encoding's ETag and `Vary: Accept-Encoding`; 304 when the client holds it.
 * Returns what the handler should return: the body, or an empty string for a 304.
 */
export function sendEncoded(
  req: FastifyRequest,
  reply: FastifyReply,
  v: Validated,
  o: EncodedOptions = {},
): string | Buffer {
  const compress = o.compress ?? true;
  if (compress) addVary(reply, ['Accept-Encoding']);
  const encoding =
    compress && Buffer.byteLength(v.body) >= MIN_BYTES
      ? chooseEncoding(req.headers['accept-encoding'])
      : 'identity';
  const sent = encoding === 'identity' ? { body: v.body, etag: v.etag } : variant(v, encoding);
  reply.header('etag', sent.etag);
  if ((o.conditional ?? true) && etagMatches(req.headers['if-none-match'], sent.etag)) {
    reply.code(304);
    return '';
  }
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return sent.body;
}
