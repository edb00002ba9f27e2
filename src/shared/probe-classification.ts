/**
 * What the probes say about an incident, by the layer that failed: the network (name resolution,
 * connections, TLS), the HTTP exchange (server errors, or other refusals such as 4xx and redirect
 * loops), the content checks, or nothing — reachable, so the problem is behind the front door
 * (logins, feeds) and the reports' problem mix tells which. "unknown": no probe data. Shared
 * because probes write it on incident timelines and incidents read it back.
 */
export const CLASSIFICATIONS = [
  'network/dns',
  'network/connect',
  'network/tls',
  'http/5xx',
  'http/other',
  'content',
  'reachable',
  'unknown',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
