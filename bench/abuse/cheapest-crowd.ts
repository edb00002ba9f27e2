/**
 * The cheapest crowd that opens "problems detected" on a quiet global service (about one report
 * per 15 minutes, no home country in the catalog): crowds of k fresh identities a minute from n /24s in c countries, probes passing, no
 * posts, no statement, each kept up for 20 minutes on its own quiet service, one after the other,
 * through the real store, monitor and incidents (test/support/abuse-world.ts).
 *
 *   node bench/abuse/cheapest-crowd.ts [--minutes 20]
 */
import { parseArgs } from 'node:util';
import { AbuseWorld, isProblem, rateOf } from '../../test/support/abuse-world.ts';

export type CrowdTrial = {
  networks: number;
  countries: number;
  perMinute: number;
  /** Minutes until "problems detected", or null when it never opened. */
  minutes: number | null;
  identities: number | null;
  service: string;
};

const COUNTRY_POOL = ['VN', 'BR', 'IN', 'US', 'DE'];

/** Runs the grid; returns every trial. */
export async function cheapestCrowd(opts: {
  minutes: number;
  log?: (s: string) => void;
}): Promise<CrowdTrial[]> {
  const world = await AbuseWorld.create(Date.UTC(2026, 5, 12, 11, 0));
  try {
    const catalog = world.app.ctx.catalog;
    const quiet = catalog.services
      // Quiet services the catalog places in no one country: there a crowd needs breadth across
      // countries (a service of one country accepts 20 /24s at home, ADR 15).
      .filter(
        (s) => rateOf(s.slug) < 0.1 && s.countries.length === 0 && s.kind !== 'isp' && s.kind !== 'mobile',
      )
      .filter((s) => !catalog.expected.some((e) => e.services.includes(s.slug)))
      .map((s) => s.slug);
    const grid: [number, number, number][] = [];
    for (const networks of [1, 3, 10, 19, 20, 40])
      for (const countries of [1, 3])
        for (const perMinute of [2, 6, 20])
          if (countries <= networks) grid.push([networks, countries, perMinute]);
    const trials: CrowdTrial[] = [];
    for (const [i, [networks, countries, perMinute]] of grid.entries()) {
      const service = quiet[i % quiet.length]!;
      let opened: number | null = null;
      for (let m = 0; m < opts.minutes; m++) {
        await world.step([
          {
            service,
            identities: perMinute,
            networks,
            countries: COUNTRY_POOL.slice(0, countries),
            tag: `trial-${i}`,
          },
        ]);
        if (opened === null && isProblem(world.status(service))) opened = m + 1;
      }
      // Ten quiet minutes between trials, so one crowd's window does not meet the next.
      for (let m = 0; m < 10; m++) await world.step();
      trials.push({
        networks,
        countries,
        perMinute,
        minutes: opened,
        identities: opened === null ? null : opened * perMinute,
        service,
      });
      opts.log?.(
        `  ${networks} /24s, ${countries} countr${countries === 1 ? 'y' : 'ies'}, ${perMinute}/min on ${service}: ${opened === null ? `nothing above possible problems in ${opts.minutes} min` : `problems detected after ${opened} min`}`,
      );
    }
    return trials;
  } finally {
    await world.close();
  }
}

/** The table and the verdict line for docs/benchmarks.md. */
export function describeCrowds(trials: CrowdTrial[], minutes: number): string {
  const opened = trials.filter((t) => t.minutes !== null);
  const lines = [
    `| /24s | countries | identities/min | opens "problems detected" after | identities spent |`,
    '|---:|---:|---:|---|---:|',
    ...trials.map(
      (t) =>
        `| ${t.networks} | ${t.countries} | ${t.perMinute} | ${t.minutes === null ? `not within ${minutes} min` : `${t.minutes} min`} | ${t.identities ?? '—'} |`,
    ),
  ];
  const cheapest = [...opened].sort(
    (a, b) => a.networks - b.networks || a.countries - b.countries || a.identities! - b.identities!,
  )[0];
  const goal = opened.every((t) => t.networks >= 20 && t.countries >= 3);
  lines.push(
    '',
    cheapest
      ? `cheapest crowd opening "problems detected" without corroboration: ${cheapest.networks} distinct /24s in ${cheapest.countries} countries, ${cheapest.identities} identities, ${cheapest.minutes} minutes (goal ≥ 20 /24s in ≥ 3 countries: ${goal ? 'PASS' : 'FAIL'})`
      : `no crowd in the grid opened "problems detected" within ${minutes} min without corroboration (goal ≥ 20 /24s in ≥ 3 countries: PASS)`,
  );
  return lines.join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '20' } } });
  const minutes = Number(values.minutes);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`cheapest crowd on quiet services (${minutes} min per crowd)…`);
  const trials = await cheapestCrowd({ minutes, log });
  console.log(describeCrowds(trials, minutes));
  process.exitCode = trials.every((t) => t.minutes === null || (t.networks >= 20 && t.countries >= 3))
    ? 0
    : 1;
}
