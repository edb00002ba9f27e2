import type { MinuteActivity } from '../store.ts';
import { type Executor, num } from './executor.ts';

/**
 * Counted reports per service in [from, to) with the number of distinct networks, the size of the
 * busiest network and of the busiest country: the detector discounts floods from one place.
 * Reads raw reports (kept for the report retention), so it only serves recent minutes.
 */
export async function minuteActivity(db: Executor, from: number, to: number): Promise<MinuteActivity[]> {
  const rows = await db.all(
    `WITH r AS (SELECT service, network, country FROM reports WHERE received_at >= $1 AND received_at < $2 AND counted = 1),
     n AS (SELECT service, network, COUNT(*) AS c FROM r GROUP BY service, network),
     k AS (SELECT service, country, COUNT(*) AS c FROM r GROUP BY service, country)
     SELECT t.service, t.reports, t.networks,
       (SELECT MAX(c) FROM n WHERE n.service = t.service) AS top_network,
       (SELECT MAX(c) FROM k WHERE k.service = t.service) AS top_country
     FROM (SELECT service, COUNT(*) AS reports, COUNT(DISTINCT network) AS networks FROM r GROUP BY service) t
     ORDER BY t.service`,
    [from, to],
  );
  return rows.map((r) => ({
    service: String(r.service),
    reports: num(r.reports),
    networks: num(r.networks),
    topNetworkReports: num(r.top_network),
    topCountryReports: num(r.top_country),
  }));
}
