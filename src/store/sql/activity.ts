import type { MinuteActivity, ReportOrigin } from '../store.ts';
import { type Executor, num } from './executor.ts';

/**
 * The counted reports in [from, to) with where they came from (hashed network, country, ASN), for
 * the monitor's per-minute activity and its flood checks. Reads raw reports (kept for the report
 * retention), so it only serves recent minutes; a minute's rows, not a window's.
 */
export async function reportOrigins(db: Executor, from: number, to: number): Promise<ReportOrigin[]> {
  const rows = await db.all(
    `SELECT service, network, country, identity, asn, hosting, received_at FROM reports
     WHERE received_at >= $1 AND received_at < $2 AND counted = 1 ORDER BY service, received_at`,
    [from, to],
  );
  return rows.map((r) => ({
    service: String(r.service),
    network: String(r.network),
    country: String(r.country),
    identity: String(r.identity),
    asn: r.asn === null || r.asn === undefined ? null : num(r.asn),
    hosting: num(r.hosting) === 1,
    receivedAt: num(r.received_at),
  }));
}

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

/** Counted reports per service in [from, to) with their network and country concentration. */
export async function minuteActivity(db: Executor, from: number, to: number): Promise<MinuteActivity[]> {
  return summariseActivity(await reportOrigins(db, from, to));
}
