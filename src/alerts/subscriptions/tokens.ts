import { createHash, randomBytes } from 'node:crypto';

/** A random token for links (confirmation, unsubscribe): 192 bits, URL-safe. */
export const newToken = (): string => randomBytes(24).toString('base64url');

/** Confirmation tokens are stored hashed: a database reader cannot confirm someone else's address. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
