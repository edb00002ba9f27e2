import type { MinuteActivity, ReportOrigin } from './store.ts';

/** A hosting network's damped reports weigh this much: servers, not people. */
const HOSTING_WEIGHT = 0.25;

/**
 * Pure: per-service activity of a set of report origins, by service name. `dampedReports` sums the
 * square root of each network's reports (hosting networks at a quarter), so one /24 sending 100
 * counts 10 while 100 /24s sending one each count 100.
 */
export function summariseActivity(origins: readonly ReportOrigin[]): MinuteActivity[] {
  type Acc = {
    reports: number;
    hosting: number;
    networks: Map<string, { n: number; hosting: boolean }>;
    countries: Map<string, number>;
    asns: Set<number>;
  };
  const by = new Map<string, Acc>();
  for (const o of origins) {
    let a = by.get(o.service);
    if (!a) {
      a = { reports: 0, hosting: 0, networks: new Map(), countries: new Map(), asns: new Set() };
      by.set(o.service, a);
    }
    a.reports++;
    if (o.hosting) a.hosting++;
    const n = a.networks.get(o.network);
    if (n) n.n++;
    else a.networks.set(o.network, { n: 1, hosting: o.hosting });
    a.countries.set(o.country, (a.countries.get(o.country) ?? 0) + 1);
    if (o.asn !== null) a.asns.add(o.asn);
  }
  return [...by]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([service, a]) => {
      let damped = 0;
      let top = 0;
      for (const { n, hosting } of a.networks.values()) {
        damped += Math.sqrt(n) * (hosting ? HOSTING_WEIGHT : 1);
        if (n > top) top = n;
      }
      return {
        service,
        reports: a.reports,
        networks: a.networks.size,
        topNetworkReports: top,
        topCountryReports: Math.max(0, ...a.countries.values()),
        dampedReports: Math.round(damped * 100) / 100,
        asns: a.asns.size,
        hostingReports: a.hosting,
      };
    });
}
