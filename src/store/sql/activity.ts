import { summariseActivity } from '../report-activity.ts';
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

/** Counted reports per service in [from, to) with their network and country concentration. */
export async function minuteActivity(db: Executor, from: number, to: number): Promise<MinuteActivity[]> {
  return summariseActivity(await reportOrigins(db, from, to));
}
