import { z } from 'zod';
import { CHECK_KINDS } from './check.ts';

/**
 * Where a failed probe broke, outermost first: name resolution, the connection, the TLS handshake,
 * the HTTP exchange, or the check's conditions. "policy" means the target was refused before any
 * traffic (a private address while private targets are not allowed).
 */
export const LAYERS = ['dns', 'connect', 'tls', 'http', 'condition', 'policy'] as const;
export type Layer = (typeof LAYERS)[number];

/** Milliseconds spent in each phase of one attempt (absent when the phase did not happen). */
export const Timings = z.strictObject({
  dns: z.number().min(0).optional(),
  connect: z.number().min(0).optional(),
  tls: z.number().min(0).optional(),
  firstByte: z.number().min(0).optional(),
  total: z.number().min(0),
});
export type Timings = z.infer<typeof Timings>;

/**
 * One run of one check from one vantage point. The id is made by whoever ran it and is unique per
 * vantage point, so a batch sent twice (an agent restarted before the acknowledgement) counts once.
 */
export const ProbeResult = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_.:-]{8,80}$/, 'must be 8–80 characters of A-Z a-z 0-9 _ . : -'),
    check: z.string().min(1).max(120),
    /** Catalog slug, or "@control" for control targets. */
    service: z.string().min(1).max(64),
    kind: z.enum(CHECK_KINDS),
    /** When the run started, epoch ms. */
    at: z.number().int().min(0),
    ok: z.boolean(),
    /** Where it failed (null when ok). */
    layer: z.enum(LAYERS).nullable(),
    /** What failed: "SERVFAIL", "NXDOMAIN", "TIMEOUT", "ECONNREFUSED", "HTTP_503", "CERT_EXPIRED", … */
    code: z.string().max(64).nullable(),
    message: z.string().max(500).nullable(),
    attempts: z.number().int().min(1).max(10),
    timings: Timings,
    /** HTTP status of the final response; DNS rcode name; TLS days left — whatever the kind measured. */
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  })
  .meta({ id: 'ProbeResult' });
export type ProbeResult = z.infer<typeof ProbeResult>;

/** What an agent reports about where it runs. */
export const Vantage = z
  .strictObject({
    name: z.string().min(1).max(64).optional(),
    /** ISO 3166-1 alpha-2. */
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
      .optional(),
    /** The network it sits in, e.g. "AS3320". */
    network: z.string().max(64).optional(),
  })
  .meta({ id: 'Vantage' });
export type Vantage = z.infer<typeof Vantage>;

/** A batch of results as an agent posts it. */
export const ResultBatch = z
  .strictObject({ vantage: Vantage.default({}), results: z.array(ProbeResult).max(5000) })
  .meta({ id: 'ResultBatch' });
export type ResultBatch = z.infer<typeof ResultBatch>;
