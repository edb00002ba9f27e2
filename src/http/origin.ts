import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Origin } from '../intake/intake.ts';

/** Where a submission came from, as the intake verb wants it (the IP is hashed, never kept). */
export function originOf(config: Config, req: FastifyRequest): Origin {
  const header = config.countryHeader ? req.headers[config.countryHeader] : undefined;
  return {
    // Fastify's req.ip is undefined once the socket is gone (a client that hung up mid-request).
    ip: req.ip ?? '',
    countryHeader: typeof header === 'string' ? header : undefined,
  };
}
