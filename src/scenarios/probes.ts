/**
 * The probe side of a scenario: per minute, the results every vantage point would have sent for
 * the `probes:` section (a DNS check and a website check per service, one control check per
 * vantage point). Deterministic. The shape is the probes domain's result (kept structural here:
 * scenarios do not import probes).
 */
import { MINUTE } from '../shared/time.ts';
import type { ProbeFailureSpec, Scenario } from './schema.ts';

/** One probe result, as an agent would post it. */
export type ScenarioProbeResult = {
  id: string;
  check: string;
  service: string;
  kind: 'dns' | 'http' | 'tcp' | 'tls';
  at: number;
  ok: boolean;
  layer: 'dns' | 'connect' | 'tls' | 'http' | null;
  code: string | null;
  message: string | null;
  attempts: number;
  timings: { total: number };
  facts: Record<string, string | number | boolean | null>;
};

const DEFAULT_CODE: Record<ProbeFailureSpec['kind'], string> = {
  dns: 'SERVFAIL',
  tcp: 'TIMEOUT',
  tls: 'ERR_SSL_HANDSHAKE_FAILURE',
  http: 'HTTP_503',
};
const LAYER: Record<ProbeFailureSpec['kind'], 'dns' | 'connect' | 'tls' | 'http'> = {
  dns: 'dns',
  tcp: 'connect',
  tls: 'tls',
  http: 'http',
};

/** A fixed offset in the minute per check, so results spread like a jittered scheduler's. */
const offset = (key: string) => {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 55_000;
};

/** The span probes run in: the section's from/to, else the scenario's evaluated period. */
export function probeSpan(s: Scenario): [number, number] | undefined {
  if (!s.probes) return undefined;
  return [s.probes.from ?? s.start, s.probes.to ?? s.end];
}

/** Every vantage point's results for the minute starting at t (empty outside the probe span). */
export function probeResultsAt(s: Scenario, t: number): Map<string, ScenarioProbeResult[]> {
  const out = new Map<string, ScenarioProbeResult[]>();
  const p = s.probes;
  const span = probeSpan(s);
  if (!p || !span || t < span[0] || t >= span[1]) return out;
  const minute = Math.floor(t / MINUTE);
  for (const vantage of p.vantages) {
    const cut = p.unreachable.some((u) => u.vantage === vantage && t >= u.from && t < u.to);
    const results: ScenarioProbeResult[] = [];
    const add = (
      check: string,
      service: string,
      kind: 'dns' | 'http',
      fail: { layer: ScenarioProbeResult['layer']; code: string } | null,
    ) => {
      results.push({
        id: `sc-${minute}-${vantage}-${check}`,
        check,
        service,
        kind,
        at: t + offset(`${vantage}/${check}`),
        ok: fail === null,
        layer: fail?.layer ?? null,
        code: fail?.code ?? null,
        message: fail ? `${check}: ${fail.code}` : null,
        attempts: fail ? 2 : 1,
        timings: { total: fail ? 5000 : 40 },
        facts: kind === 'dns' ? { RCODE: fail?.layer === 'dns' ? fail.code : 'NOERROR' } : {},
      });
    };
    const unreachable = { layer: 'connect' as const, code: 'ENETUNREACH' };
    add('control:http', '@control', 'http', cut ? unreachable : null);
    for (const svc of p.services) {
      const f = cut
        ? undefined
        : svc.failures.find(
            (x) =>
              t >= x.from &&
              t < x.to &&
              (typeof x.failing === 'number'
                ? p.vantages.indexOf(vantage) < x.failing
                : x.failing.includes(vantage)),
          );
      const failure = f && { layer: LAYER[f.kind], code: f.code ?? DEFAULT_CODE[f.kind] };
      add(
        `${svc.service}:dns`,
        svc.service,
        'dns',
        cut ? unreachable : failure?.layer === 'dns' ? failure : null,
      );
      add(`${svc.service}:http`, svc.service, 'http', cut ? unreachable : (failure ?? null));
    }
    out.set(vantage, results);
  }
  return out;
}
