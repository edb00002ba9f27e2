/**
 * The engine's own boundary: reports, counters, series and retention. Two drivers (SQLite,
 * PostgreSQL) implement it and pass one contract suite. Domain tables (incidents, alerts, probes,
 * sources) have their SQL in each domain's repo/, built by src/app/ on the executors that opening
 * the store returns beside it (sql/sql-access.ts). All instants are epoch milliseconds UTC.
 */

/** A report as intake hands it to the store: already validated, no personal data. */
export type NewReport = {
  service: string;
  problem: string;
  country: string;
  receivedAt: number;
  /** Keyed hash of IP and user agent (daily key); never the IP. */
  identity: string;
  /** Keyed hash of the IP's /24 (IPv4) or /48 (IPv6). */
  network: string;
  source: 'web' | 'import';
  /** The IP's autonomous system (offline data), when known. An operator, not a person. */
  asn?: number | null;
  /** The autonomous system is a hosting or datacenter operator's (servers, not people). */
  hosting?: boolean;
};

export type AppendResult = { id: number; counted: boolean };

export type StoredReport = {
  id: number;
  service: string;
  problem: string;
  country: string;
  receivedAt: number;
  counted: boolean;
  source: 'web' | 'import';
};

export type Resolution = '1m' | '15m' | '1h';
export type Dimension = 'none' | 'problem' | 'country';

export type SeriesQuery = {
  service: string;
  from: number;
  to: number;
  resolution: Resolution;
  by: Dimension;
};

/** One bucket: `key` is the problem or country when grouped, '' otherwise. */
export type SeriesPoint = { t: number; key: string; reports: number; repeats: number };

export type TotalsQuery = { from: number; to: number; service?: string };
export type ServiceTotals = { service: string; reports: number; repeats: number };
export type Breakdown = { service: string; key: string; reports: number };

export type PruneCutoffs = {
  reportsBefore: number;
  minutesBefore: number;
  windowsBefore: number;
  keysBefore: string;
};
export type PruneResult = { reports: number; minutes: number; windows: number; keys: number };

/** Per-service activity in one minute, for the detector: counted reports and how concentrated they are. */
export type MinuteActivity = {
  service: string;
  /** Counted reports (one per identity, service and 15-minute window). */
  reports: number;
  /** Distinct networks (/24 for IPv4, /48 for IPv6) behind them. */
  networks: number;
  topNetworkReports: number;
  topCountryReports: number;
  /**
   * Network-damped reports: Σ over the minute's networks of √(that network's reports), a hosting or
   * datacenter network's at a quarter. 100 reports from one /24 count 10; 100 from 100 /24s count
   * 100. Made for site-wide factors (the peer factor), so one network flooding every service cannot
   * make the whole site look busy and hide a real outage elsewhere (ADR 15). ≤ reports.
   */
  dampedReports: number;
  /** Distinct autonomous systems among reports whose ASN is known. */
  asns: number;
  /** Reports from hosting or datacenter networks. */
  hostingReports: number;
};

/** Where one counted report came from, as the store keeps it (hashes, country, ASN; never an address). */
export type ReportOrigin = {
  service: string;
  network: string;
  country: string;
  identity: string;
  asn: number | null;
  hosting: boolean;
  receivedAt: number;
};

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** Applies pending migrations; safe to call on every start and from several nodes. */
  migrate(): Promise<number>;
  /**
   * Commits a batch in one transaction: each report is counted unless its identity already counted
   * for the service in that 15-minute window. Resolves only after the commit is durable.
   */
  appendReports(batch: NewReport[]): Promise<AppendResult[]>;
  /** The identity key for a UTC day, created on first use (random, shared by all nodes). */
  identityKey(day: string, candidate: string): Promise<string>;
  series(q: SeriesQuery): Promise<SeriesPoint[]>;
  /** Counted reports of every service in 15-minute buckets over [from, to): one query for the snapshot. */
  seriesAll(q: { from: number; to: number }): Promise<(SeriesPoint & { service: string })[]>;
  totals(q: TotalsQuery): Promise<ServiceTotals[]>;
  /** Counted reports by problem or country, per service (one service when given), largest first. */
  breakdown(q: TotalsQuery & { by: 'problem' | 'country' }): Promise<Breakdown[]>;
  recentReports(q: { service?: string; limit: number; before?: number }): Promise<StoredReport[]>;
  countReports(q: { service?: string; counted?: boolean }): Promise<number>;
  /** Looks up reports by id (used to prove durability). */
  reportsById(ids: number[]): Promise<StoredReport[]>;
  prune(c: PruneCutoffs): Promise<PruneResult>;
  /** Counted reports of every service in [from, to), with network and country concentration. */
  minuteActivity(from: number, to: number): Promise<MinuteActivity[]>;
  /** Each counted report in [from, to) with its origin (hashed network, country, ASN): flood checks. */
  reportOrigins(from: number, to: number): Promise<ReportOrigin[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
