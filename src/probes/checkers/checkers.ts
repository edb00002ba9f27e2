import type { Check } from '../check.ts';
import type { Attempt, CheckContext, Checker } from '../checker.ts';
import { dnsChecker } from './dns-checker.ts';
import { httpChecker } from './http-checker.ts';
import { tcpChecker } from './tcp-checker.ts';
import { tlsChecker } from './tls-checker.ts';

/** Every checker, by kind. */
export const CHECKERS = { http: httpChecker, dns: dnsChecker, tcp: tcpChecker, tls: tlsChecker } as const;

/** Runs one attempt with the checker of the check's kind. */
export function attempt(check: Check, ctx: CheckContext): Promise<Attempt> {
  switch (check.kind) {
    case 'http':
      return CHECKERS.http.run(check, ctx);
    case 'dns':
      return CHECKERS.dns.run(check, ctx);
    case 'tcp':
      return CHECKERS.tcp.run(check, ctx);
    case 'tls':
      return CHECKERS.tls.run(check, ctx);
  }
}

export type { Checker };
