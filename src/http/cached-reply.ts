import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnavailableError } from '../shared/errors.ts';
import type { Cached } from '../status/snapshot.ts';
import { sendEncoded } from './encoded-reply.ts';

/**
 * Sends a snapshot body with its ETag and CDN-friendly caching; answers 304 when the client
 * already has it. Compressed once per snapshot body for clients that accept it (encoded-reply.ts).
 * No database work happens here.
 */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  c: Cached | undefined,
  maxAgeSeconds = 5,
): string | Buffer | undefined {
  if (!c) throw new UnavailableError('The status snapshot is not built yet.', 1);
  reply.header(
    'cache-control',
    `public, max-age=${maxAgeSeconds}, stale-while-revalidate=30, stale-if-error=600`,
  );
  reply.header('last-modified', new Date(c.builtAt).toUTCString());
  const body = sendEncoded(req, reply, c);
  if (reply.statusCode === 304) return undefined;
  reply.type('application/json; charset=utf-8');
  return body;
}
