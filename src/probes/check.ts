import { z } from 'zod';
import { parseCondition } from './condition.ts';

/** What a check probes. Each kind has one checker (src/probes/checkers/). */
export const CHECK_KINDS = ['http', 'dns', 'tcp', 'tls'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

const Id = z.string().regex(/^[a-z0-9][a-z0-9._:-]{0,119}$/, 'must be lowercase letters, digits, . _ : -');
const HostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or an IP address');
const Port = z.number().int().min(1).max(65535);

/** One condition (or several, all of which must hold) in the condition language (src/probes/condition.ts). */
const Conditions = z
  .union([z.string(), z.array(z.string())])
  .transform((c) => (typeof c === 'string' ? [c] : c))
  .superRefine((list, ctx) => {
    list.forEach((c, i) => {
      try {
        parseCondition(c);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: [i], message: (e as Error).message });
      }
    });
  });

const common = {
  /** Unique id; results name their check by it. */
  id: Id,
  /** The catalog service the check speaks for; absent only on control checks. */
  service: z.string().min(1).max(64).optional(),
  /**
   * A control target: something that should always work. A vantage point whose control checks fail
   * marks itself unreachable instead of declaring its targets down.
   */
  control: z.boolean().default(false),
  /** Seconds between runs (jittered). */
  interval: z.number().min(1).max(86_400).default(60),
  /** Seconds one attempt may take. */
  timeout: z.number().min(0.1).max(120).default(10),
  /** Extra attempts after a failure, within the same run. */
  retries: z.number().int().min(0).max(5).default(0),
  conditions: Conditions.default([]),
};

export const HttpCheck = z.strictObject({
  ...common,
  kind: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().max(65_536).optional(),
  /** Redirects followed (each hop checked against the address policy); 0 = do not follow. */
  maxRedirects: z.number().int().min(0).max(10).default(5),
  /** Accept any certificate (self-signed test servers). The TLS checker still reports the chain. */
  insecure: z.boolean().default(false),
  /** Extra trusted CA certificate(s), PEM. */
  ca: z.string().optional(),
});

export const DnsCheck = z.strictObject({
  ...common,
  kind: z.literal('dns'),
  /** The name to resolve. */
  name: HostName,
  record: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT']).default('A'),
  /** Resolver to ask ("1.1.1.1", "[2606:4700::1111]:53", "127.0.0.1:5353"); default: the system's. */
  resolver: z.string().optional(),
});

export const TcpCheck = z.strictObject({
  ...common,
  kind: z.literal('tcp'),
  host: HostName,
  port: Port,
});

export const TlsCheck = z.strictObject({
  ...common,
  kind: z.literal('tls'),
  host: HostName,
  port: Port.default(443),
  /** SNI name and the name the certificate must match (default: host). */
  servername: z.string().optional(),
  /** Fail when the certificate expires in fewer days than this. */
  minDaysLeft: z.number().min(0).default(7),
  /** Extra trusted CA certificate(s), PEM. */
  ca: z.string().optional(),
});

/** A check as operators write it and as agents receive it: one schema for both boundaries. */
export const Check = z
  .discriminatedUnion('kind', [HttpCheck, DnsCheck, TcpCheck, TlsCheck])
  .refine((c) => c.control || c.service !== undefined, {
    message: 'a check needs a service (or control: true)',
    path: ['service'],
  })
  .meta({ id: 'Check' });
export type Check = z.infer<typeof Check>;
export type HttpCheck = z.infer<typeof HttpCheck>;
export type DnsCheck = z.infer<typeof DnsCheck>;
export type TcpCheck = z.infer<typeof TcpCheck>;
export type TlsCheck = z.infer<typeof TlsCheck>;

/** The service a check's results count for: the catalog slug, or "@control" for control targets. */
export const CONTROL = '@control';
export const subjectOf = (c: Pick<Check, 'service' | 'control'>): string =>
  c.control ? CONTROL : (c.service ?? CONTROL);

/** A short human description of a check's target ("https://x/", "dns A x via 1.1.1.1", "tcp x:443"). */
export function targetOf(c: Check): string {
  switch (c.kind) {
    case 'http':
      return c.url;
    case 'dns':
      return `dns ${c.record} ${c.name}${c.resolver ? ` via ${c.resolver}` : ''}`;
    case 'tcp':
      return `tcp ${c.host}:${c.port}`;
    case 'tls':
      return `tls ${c.host}:${c.port}`;
  }
}
