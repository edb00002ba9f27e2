/**
 * Noise planning: the scenario's explicit noise events plus random ones drawn from its rates
 * (viral bursts, one identity flooding, 500 identities from one /24, sympathy spikes on a group),
 * expanded to one event per affected service. Deterministic for a seed.
 */
import { DAY, MINUTE } from '../shared/time.ts';
import { deriveSeed, integer, mulberry32, poisson, type Random, uniform } from './random.ts';
import type { NoiseEvent, Scenario } from './schema.ts';

/** A noise event on one service over [from, to). */
export type PlannedNoise =
  | { kind: 'viral-burst'; service: string; from: number; to: number; extra: number }
  | { kind: 'identity-flood'; service: string; from: number; to: number }
  | { kind: 'subnet-flood'; service: string; from: number; to: number; identities: number }
  | {
      kind: 'distributed-flood';
      service: string;
      from: number;
      to: number;
      identities: number;
      networks: number;
      country: string | undefined;
    }
  | { kind: 'sympathy'; service: string; from: number; to: number; multiplier: number };

/** Multiplier of a sympathy spike at `t`: ramps up and down over a quarter of its length (≤ 15 min). */
export function sympathyMultiplier(e: { from: number; to: number; multiplier: number }, t: number): number {
  const ramp = Math.min(15 * MINUTE, (e.to - e.from) / 4);
  const up = Math.min(1, (t - e.from + MINUTE / 2) / ramp, (e.to - t - MINUTE / 2) / ramp);
  return 1 + (e.multiplier - 1) * Math.max(0, up);
}

const atMinute = (r: Random, from: number, to: number) =>
  from + Math.floor(r.next() * ((to - from) / MINUTE)) * MINUTE;

function expand(scenario: Scenario, e: NoiseEvent, r: Random): PlannedNoise[] {
  const from = e.at;
  const to = e.at + e.minutes * MINUTE;
  switch (e.kind) {
    case 'viral-burst':
      return [{ kind: e.kind, service: e.service, from, to, extra: e.extra }];
    case 'identity-flood':
      return [{ kind: e.kind, service: e.service, from, to }];
    case 'subnet-flood':
      return [{ kind: e.kind, service: e.service, from, to, identities: e.identities }];
    case 'distributed-flood':
      return [
        {
          kind: e.kind,
          service: e.service,
          from,
          to,
          identities: e.identities,
          networks: e.networks,
          country: e.country,
        },
      ];
    case 'sympathy':
      return scenario.services
        .filter((s) => s.group === e.group)
        .map((s) => ({
          kind: 'sympathy' as const,
          service: s.id,
          from,
          to,
          multiplier: 1 + (e.multiplier - 1) * uniform(r, 0.75, 1.25),
        }));
  }
}

/** All noise on [from, to) for the scenario, grouped by service id and sorted by start. */
export function planNoise(
  scenario: Scenario,
  seed: number,
  from: number,
  to: number,
): Map<string, PlannedNoise[]> {
  const r = mulberry32(deriveSeed(seed, 'noise'));
  const n = scenario.noise;
  const days = (to - from) / DAY;
  const events: NoiseEvent[] = [...n.events];
  for (const s of scenario.services) {
    for (let k = poisson(r, n.viralBursts.perServiceDay * days); k > 0; k--) {
      const [m0, m1] = n.viralBursts.minutes;
      const [x0, x1] = n.viralBursts.extra;
      events.push({
        kind: 'viral-burst',
        service: s.id,
        at: atMinute(r, from, to),
        minutes: integer(r, m0, m1),
        extra: uniform(r, x0, x1),
      });
    }
    for (let k = poisson(r, n.identityFloods.perServiceDay * days); k > 0; k--) {
      const [m0, m1] = n.identityFloods.minutes;
      events.push({
        kind: 'identity-flood',
        service: s.id,
        at: atMinute(r, from, to),
        minutes: integer(r, m0, m1),
        perMinute: 30,
      });
    }
  }
  for (let k = poisson(r, (n.subnetFloods.perWeek * days) / 7); k > 0; k--) {
    const s = scenario.services[integer(r, 0, scenario.services.length - 1)]!;
    const [i0, i1] = n.subnetFloods.identities;
    const [m0, m1] = n.subnetFloods.minutes;
    events.push({
      kind: 'subnet-flood',
      service: s.id,
      at: atMinute(r, from, to),
      minutes: integer(r, m0, m1),
      identities: integer(r, i0, i1),
    });
  }
  // Drawn after the older kinds so a scenario without distributed floods draws what it did before.
  for (let k = poisson(r, (n.distributedFloods.perWeek * days) / 7); k > 0; k--) {
    const s = scenario.services[integer(r, 0, scenario.services.length - 1)]!;
    const d = n.distributedFloods;
    events.push({
      kind: 'distributed-flood',
      service: s.id,
      at: atMinute(r, from, to),
      minutes: integer(r, d.minutes[0], d.minutes[1]),
      identities: integer(r, d.identities[0], d.identities[1]),
      networks: integer(r, d.networks[0], d.networks[1]),
    });
  }
  if (n.sympathy) {
    const sy = n.sympathy;
    for (let k = poisson(r, (sy.perWeek * days) / 7); k > 0; k--) {
      const [m0, m1] = sy.minutes;
      const [x0, x1] = sy.multiplier;
      events.push({
        kind: 'sympathy',
        group: sy.group,
        at: atMinute(r, from, to),
        minutes: integer(r, m0, m1),
        multiplier: uniform(r, x0, x1),
      });
    }
  }
  const byService = new Map<string, PlannedNoise[]>(scenario.services.map((s) => [s.id, []]));
  for (const e of events) for (const p of expand(scenario, e, r)) byService.get(p.service)?.push(p);
  for (const list of byService.values()) list.sort((a, b) => a.from - b.from);
  return byService;
}
