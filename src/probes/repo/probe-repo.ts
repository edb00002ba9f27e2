import { type Executor, num, type Row } from '../../store/sql/executor.ts';
import type { SqlAccess } from '../../store/sql/sql-access.ts';

const MINUTE = 60_000;
const floorMinute = (t: number) => t - (((t % MINUTE) + MINUTE) % MINUTE);
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A probe result as the repository stores it (the probes domain validates it first). */
export type StoredProbeResult = {
  id: string;
  check: string;
  service: string;
  kind: string;
  at: number;
  ok: boolean;
  layer: string | null;
  code: string | null;
  message: string | null;
  attempts: number;
  ms: number;
  /** Timings and facts, kept as JSON. */
  detail: Record<string, unknown>;
};

/** One per-minute probe signal: results of one (service, vantage, kind) with one outcome ("ok" or "layer:code"). */
export type ProbeMinute = {
  minute: number;
  service: string;
  vantage: string;
  kind: string;
  outcome: string;
  results: number;
};

export type AgentRecord = {
  id: number;
  name: string;
  keyId: string;
  tokenHash: string;
  country: string | null;
  network: string | null;
  /** What the agent last said about itself (name, country, network). */
  reported: Record<string, unknown>;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
};

const toAgent = (r: Row): AgentRecord => ({
  id: num(r.id),
  name: String(r.name),
  keyId: String(r.key_id),
  tokenHash: String(r.token_hash),
  country: text(r.country),
  network: text(r.network),
  reported: JSON.parse(String(r.reported)) as Record<string, unknown>,
  createdAt: num(r.created_at),
  revokedAt: r.revoked_at === null ? null : num(r.revoked_at),
  lastSeenAt: r.last_seen_at === null ? null : num(r.last_seen_at),
});

const toResult = (r: Row): StoredProbeResult & { vantage: string } => ({
  vantage: String(r.vantage),
  id: String(r.id),
  check: String(r.check_id),
  service: String(r.service),
  kind: String(r.kind),
  at: num(r.at),
  ok: num(r.ok) === 1,
  layer: text(r.layer),
  code: text(r.code),
  message: text(r.message),
  attempts: num(r.attempts),
  ms: num(r.ms),
  detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
});

const AGENT_COLUMNS =
  'id, name, key_id, token_hash, country, network, reported, created_at, revoked_at, last_seen_at';
const insertResult = `INSERT INTO probe_results
  (vantage, id, check_id, service, kind, at, ok, layer, code, message, attempts, ms, detail, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (vantage, id) DO NOTHING`;
const bumpMinute = `INSERT INTO probe_minutes (minute, service, vantage, kind, outcome, results) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (minute, service, vantage, kind, outcome) DO UPDATE SET results = probe_minutes.results + excluded.results`;

/** The outcome key of a result in probe_minutes. */
export const outcomeOf = (r: Pick<StoredProbeResult, 'ok' | 'layer' | 'code'>): string =>
  r.ok ? 'ok' : `${r.layer ?? 'connect'}:${r.code ?? 'ERROR'}`;

async function append(
  tx: Executor,
  vantage: string,
  results: StoredProbeResult[],
  receivedAt: number,
): Promise<{ accepted: number; duplicates: number }> {
  const tally = new Map<string, ProbeMinute>();
  let accepted = 0;
  for (const r of results) {
    const { changes } = await tx.run(insertResult, [
      vantage,
      r.id,
      r.check,
      r.service,
      r.kind,
      r.at,
      r.ok ? 1 : 0,
      r.layer,
      r.code,
      r.message,
      r.attempts,
      r.ms,
      JSON.stringify(r.detail),
      receivedAt,
    ]);
    if (changes === 0) continue;
    accepted++;
    const m: ProbeMinute = {
      minute: floorMinute(r.at),
      service: r.service,
      vantage,
      kind: r.kind,
      outcome: outcomeOf(r),
      results: 0,
    };
    const key = `${m.minute}\u0000${m.service}\u0000${m.kind}\u0000${m.outcome}`;
    const e = tally.get(key) ?? m;
    e.results++;
    tally.set(key, e);
  }
  for (const m of tally.values())
    await tx.run(bumpMinute, [m.minute, m.service, m.vantage, m.kind, m.outcome, m.results]);
  return { accepted, duplicates: results.length - accepted };
}

/**
 * Probe agents, results and per-minute probe signals, on the store's executors (shared SQL on both
 * engines). Idempotency lives here: a result counts only when its (vantage, id) row is new, in the
 * same transaction that adds it to the minute signals — a batch sent twice counts once.
 */
export class ProbeRepo {
  readonly #db: SqlAccess;
  constructor(db: SqlAccess) {
    this.#db = db;
  }

  /** Adds an agent; null (nothing written) when the name is taken. */
  async createAgent(a: {
    name: string;
    keyId: string;
    tokenHash: string;
    country: string | null;
    network: string | null;
    at: number;
  }): Promise<AgentRecord | null> {
    const rows = await this.#db.writer.all(
      `INSERT INTO probe_agents (name, key_id, token_hash, country, network, reported, created_at)
       VALUES ($1, $2, $3, $4, $5, '{}', $6) ON CONFLICT (name) DO NOTHING RETURNING ${AGENT_COLUMNS}`,
      [a.name, a.keyId, a.tokenHash, a.country, a.network, a.at],
    );
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async agentByKey(keyId: string): Promise<AgentRecord | undefined> {
    const [r] = await this.#db.reader.all(`SELECT ${AGENT_COLUMNS} FROM probe_agents WHERE key_id = $1`, [
      keyId,
    ]);
    return r && toAgent(r);
  }

  async agentById(id: number): Promise<AgentRecord | undefined> {
    const [r] = await this.#db.reader.all(`SELECT ${AGENT_COLUMNS} FROM probe_agents WHERE id = $1`, [id]);
    return r && toAgent(r);
  }

  async listAgents(): Promise<AgentRecord[]> {
    return (await this.#db.reader.all(`SELECT ${AGENT_COLUMNS} FROM probe_agents ORDER BY id`)).map(toAgent);
  }

  /** Gives a live agent a new key and token hash (the old token stops working); false when revoked or absent. */
  async rotateAgent(id: number, keyId: string, tokenHash: string): Promise<boolean> {
    const { changes } = await this.#db.writer.run(
      'UPDATE probe_agents SET key_id = $2, token_hash = $3 WHERE id = $1 AND revoked_at IS NULL',
      [id, keyId, tokenHash],
    );
    return changes > 0;
  }

  /** Revokes if not yet revoked; false when it already was (or does not exist). */
  async revokeAgent(id: number, at: number): Promise<boolean> {
    const { changes } = await this.#db.writer.run(
      'UPDATE probe_agents SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
      [id, at],
    );
    return changes > 0;
  }

  async touchAgent(id: number, at: number, reported: Record<string, unknown>): Promise<void> {
    await this.#db.writer.run('UPDATE probe_agents SET last_seen_at = $2, reported = $3 WHERE id = $1', [
      id,
      at,
      JSON.stringify(reported),
    ]);
  }

  /** Stores a batch from one vantage point in one transaction; results already stored are skipped. */
  appendResults(
    vantage: string,
    results: StoredProbeResult[],
    receivedAt: number,
  ): Promise<{ accepted: number; duplicates: number }> {
    return this.#db.writer.transaction((tx) => append(tx, vantage, results, receivedAt));
  }

  /** Per-minute probe signals with minute in [from, to). */
  async minutes(from: number, to: number): Promise<ProbeMinute[]> {
    const rows = await this.#db.reader.all(
      'SELECT minute, service, vantage, kind, outcome, results FROM probe_minutes WHERE minute >= $1 AND minute < $2',
      [from, to],
    );
    return rows.map((r) => ({
      minute: num(r.minute),
      service: String(r.service),
      vantage: String(r.vantage),
      kind: String(r.kind),
      outcome: String(r.outcome),
      results: num(r.results),
    }));
  }

  /** The latest result of each (vantage, check) of a service since `since`. */
  async latest(service: string, since: number): Promise<(StoredProbeResult & { vantage: string })[]> {
    const rows = await this.#db.reader.all(
      `SELECT vantage, id, check_id, service, kind, at, ok, layer, code, message, attempts, ms, detail
       FROM probe_results WHERE service = $1 AND at >= $2 ORDER BY at DESC LIMIT 5000`,
      [service, since],
    );
    const seen = new Set<string>();
    const out: (StoredProbeResult & { vantage: string })[] = [];
    for (const r of rows) {
      const key = `${String(r.vantage)}\u0000${String(r.check_id)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(toResult(r));
    }
    return out;
  }

  /** Stored results and the sum of the minute signals (they agree unless something double counted). */
  async counts(vantage?: string): Promise<{ results: number; signals: number }> {
    const where = vantage === undefined ? '' : ' WHERE vantage = $1';
    const params = vantage === undefined ? [] : [vantage];
    const [a] = await this.#db.reader.all(`SELECT COUNT(*) AS n FROM probe_results${where}`, params);
    const [b] = await this.#db.reader.all(`SELECT SUM(results) AS n FROM probe_minutes${where}`, params);
    return { results: num(a?.n ?? 0), signals: num(b?.n ?? 0) };
  }

  /** Result ids stored for a vantage point (tests prove delivery with it). */
  async resultIds(vantage: string): Promise<string[]> {
    const rows = await this.#db.reader.all('SELECT id FROM probe_results WHERE vantage = $1', [vantage]);
    return rows.map((r) => String(r.id));
  }

  /** Deletes results and minute signals older than the cut-offs. */
  async prune(resultsBefore: number, minutesBefore: number): Promise<{ results: number; minutes: number }> {
    return this.#db.writer.transaction(async (tx) => ({
      results: (await tx.run('DELETE FROM probe_results WHERE at < $1', [resultsBefore])).changes,
      minutes: (await tx.run('DELETE FROM probe_minutes WHERE minute < $1', [minutesBefore])).changes,
    }));
  }
}
