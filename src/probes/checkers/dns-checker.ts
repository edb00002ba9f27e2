import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkAddress } from '../../shared/address-guard.ts';
import type { DnsCheck } from '../check.ts';
import { type Attempt, type Checker, DNS_CODES, failed, since } from '../checker.ts';

/** "1.1.1.1", "1.1.1.1:5353", "[2606:4700::1111]:53" → [ip, port]; undefined if not an IP. */
function parseResolver(s: string): [string, number] | undefined {
  const m = s.match(/^\[([^\]]+)\](?::(\d+))?$/) ?? s.match(/^([^:]+)(?::(\d+))?$/);
  const ip = m?.[1] ?? (isIP(s) ? s : undefined);
  if (!ip || !isIP(ip)) return undefined;
  return [ip, m?.[2] ? Number(m[2]) : 53];
}

function answersOf(rows: unknown[]): string[] {
  return rows.map((r) => {
    if (typeof r === 'string') return r;
    if (Array.isArray(r)) return r.join('');
    const o = r as { exchange?: string; priority?: number };
    return o.exchange !== undefined ? `${o.priority ?? 0} ${o.exchange}` : JSON.stringify(r);
  });
}

/**
 * DNS: asks the chosen resolver (or the system's) for one record type and reports the rcode —
 * NOERROR, SERVFAIL, NXDOMAIN, REFUSED — the answers, or a timeout. A chosen resolver is a target
 * like any other: a private address needs the operator's permission. Default rule: NOERROR with at
 * least one answer.
 */
export const dnsChecker: Checker<DnsCheck> = {
  kind: 'dns',
  async run(check, ctx): Promise<Attempt> {
    const t0 = performance.now();
    const timeoutMs = Math.max(100, Math.round(check.timeout * 1000));
    const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    if (check.resolver) {
      const r = parseResolver(check.resolver);
      if (!r)
        return failed('policy', 'BAD_RESOLVER', `resolver "${check.resolver}" is not an IP address`, {
          total: since(t0),
        });
      try {
        checkAddress(check.resolver, r[0], ctx.policy);
      } catch (e) {
        return failed('policy', 'BLOCKED', (e as Error).message, { total: since(t0) });
      }
      resolver.setServers([r[0].includes(':') ? `[${r[0]}]:${r[1]}` : `${r[0]}:${r[1]}`]);
    }
    const onAbort = () => resolver.cancel();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const via = check.resolver ? ` via ${check.resolver}` : '';
    try {
      const rows = (await resolver.resolve(check.name, check.record)) as unknown[];
      const answers = answersOf(rows);
      const total = since(t0);
      const ok = answers.length > 0;
      return {
        completed: true,
        ok,
        layer: ok ? null : 'dns',
        code: ok ? null : 'NODATA',
        message: ok ? null : `${check.name} ${check.record}: no answers${via}`,
        timings: { dns: total, total },
        facts: {
          RCODE: 'NOERROR',
          ANSWERS: answers.join(','),
          ANSWER_COUNT: answers.length,
          RESPONSE_TIME: Math.round(total),
          CONNECTED: true,
        },
      };
    } catch (e) {
      const total = since(t0);
      const raw = (e as { code?: string }).code ?? 'ERROR';
      const code = ctx.signal.aborted || raw === 'ECANCELLED' ? 'TIMEOUT' : (DNS_CODES[raw] ?? raw);
      const rcode = ['SERVFAIL', 'NXDOMAIN', 'REFUSED'].includes(code)
        ? code
        : code === 'NODATA'
          ? 'NOERROR'
          : null;
      const what =
        code === 'TIMEOUT' ? 'no answer in time' : rcode ? `answered ${rcode}` : (e as Error).message;
      return failed(
        'dns',
        code,
        `${check.name} ${check.record}${via}: ${what}`,
        { dns: total, total },
        { RCODE: rcode, ANSWERS: '', ANSWER_COUNT: 0, CONNECTED: rcode !== null },
        rcode !== null,
      );
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  },
};
