import type { Catalog } from '../catalog/catalog.ts';
import type { MinuteFrame, ScenarioKeys, ServiceMinute } from '../scenarios/generate.ts';
import type { MinuteActivity, NewReport } from '../store/store.ts';

/**
 * Turns a generated minute into the reports the intake would have stored: problems and countries
 * from the frame's breakdown (a problem the catalog does not list for the service becomes its first
 * category), networks shaped by the frame's top-network share, one identity per counted report.
 */
export class ScenarioReports {
  readonly #catalog: Catalog;
  readonly #keys: ScenarioKeys;
  readonly #skipped = new Set<string>();
  #seq = 0;

  constructor(catalog: Catalog, keys: ScenarioKeys) {
    this.#catalog = catalog;
    this.#keys = keys;
  }

  /** Scenario services that are not in the catalog (their reports are left out). */
  get skipped(): string[] {
    return [...this.#skipped];
  }

  /** The minute's activity without writing reports (warm-up in memory). */
  activity(frame: MinuteFrame): MinuteActivity[] {
    return frame.services
      .filter((m) => this.#known(m))
      .map((m) => {
        const top = Math.round(m.count * m.topNetworkShare);
        const others = Math.max(1, m.networks - 1);
        return {
          service: m.service,
          reports: m.count,
          networks: m.networks,
          topNetworkReports: top,
          topCountryReports: Math.round(m.count * m.topCountryShare),
          // As summariseActivity would count the reports `reports()` makes: the top network, the rest spread evenly.
          dampedReports:
            m.count === 0 ? 0 : Math.sqrt(top) + others * Math.sqrt(Math.max(0, m.count - top) / others),
          asns: 0,
          hostingReports: 0,
        };
      });
  }

  reports(frame: MinuteFrame): NewReport[] {
    const out: NewReport[] = [];
    for (const m of frame.services) if (m.count > 0 && this.#known(m)) this.#add(out, frame.t, m);
    return out;
  }

  #known(m: ServiceMinute): boolean {
    if (this.#catalog.bySlug.has(m.service)) return true;
    this.#skipped.add(m.service);
    return false;
  }

  #add(out: NewReport[], t: number, m: ServiceMinute): void {
    const service = this.#catalog.bySlug.get(m.service)!;
    const categories = new Set(service.categories.map((c) => c.id));
    const problems = expand(m.problems, m.count, this.#keys.problems).map((p) =>
      categories.has(p) ? p : service.categories[0]!.id,
    );
    const countries = expand(m.countries, m.count, this.#keys.countries).map((c) =>
      /^[A-Z]{2}$/.test(c) ? c : 'ZZ',
    );
    const top = Math.round(m.count * m.topNetworkShare);
    const others = Math.max(1, m.networks - 1);
    for (let i = 0; i < m.count; i++) {
      const seq = this.#seq++;
      out.push({
        service: m.service,
        problem: problems[i] ?? service.categories[0]!.id,
        country: countries[i] ?? 'ZZ',
        receivedAt: t + Math.floor((i * 59_000) / Math.max(1, m.count)),
        identity: `replay-${seq}`,
        network: i < top ? `${m.service}-top` : `${m.service}-net-${i % others}`,
        source: 'web',
      });
    }
  }
}

/** Counts per key → one key per report, in a mixed order; padded or cut to `n`. */
function expand(counts: number[], n: number, keys: string[]): string[] {
  const out: string[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) out.push(keys[k]!);
  });
  for (let i = out.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, n);
}
