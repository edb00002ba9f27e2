import pg from 'pg';
import type { ChangeKind, Coordination } from '../coordination.ts';

const LEADER_LOCK = 7_220_002;
const CHANNEL = 'downwatch_changes';
const KINDS = new Set<ChangeKind>(['reports', 'incidents', 'status']);

/**
 * Leadership by a session-level advisory lock held on a dedicated connection: when the leader
 * dies, PostgreSQL ends its session and releases the lock, and another node takes it on its next
 * attempt (every `retryMs`). Notices go through LISTEN/NOTIFY on the same connection, which is
 * re-established after a database restart. Report notices are coalesced to one per second.
 */
export function postgresCoordination(
  url: string,
  opts: { retryMs?: number; onError?: (e: unknown) => void } = {},
): Coordination {
  const retryMs = opts.retryMs ?? 2_000;
  const onError = opts.onError ?? (() => {});
  const leadership: ((l: boolean) => void)[] = [];
  const notices: ((k: ChangeKind) => void)[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
  pool.on('error', () => undefined);
  let client: pg.Client | undefined;
  let leader = false;
  let closed = false;
  let lastReports = 0;
  let pendingReports: NodeJS.Timeout | undefined;

  const setLeader = (v: boolean) => {
    if (v === leader) return;
    leader = v;
    for (const l of leadership) l(v);
  };

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000, keepAlive: true });
    c.on('error', () => {
      if (client === c) client = undefined;
      setLeader(false);
    });
    c.on('end', () => {
      if (client === c) client = undefined;
      setLeader(false);
    });
    c.on('notification', (n) => {
      const kind = n.payload as ChangeKind;
      if (KINDS.has(kind)) for (const l of notices) l(kind);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    return c;
  };

  const attempt = async () => {
    if (closed) return;
    try {
      client ??= await connect();
      if (!leader) {
        const r = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
        if (r.rows[0]?.ok === true) setLeader(true);
      } else {
        await client.query('SELECT 1');
      }
    } catch (e) {
      client?.end().catch(() => undefined);
      client = undefined;
      setLeader(false);
      onError(e);
    }
  };
  const timer = setInterval(attempt, retryMs);
  timer.unref();
  void attempt();

  const send = (kind: ChangeKind) => {
    pool.query('SELECT pg_notify($1, $2)', [CHANNEL, kind]).catch(onError);
  };

  return {
    isLeader: () => leader,
    onLeadership: (l) => {
      leadership.push(l);
      if (leader) queueMicrotask(() => l(true));
    },
    notify(kind) {
      if (kind !== 'reports') return send(kind);
      const now = Date.now();
      if (now - lastReports >= 1_000) {
        lastReports = now;
        send(kind);
      } else {
        pendingReports ??= setTimeout(
          () => {
            pendingReports = undefined;
            lastReports = Date.now();
            send('reports');
          },
          1_000 - (now - lastReports),
        );
      }
    },
    onNotice: (l) => void notices.push(l),
    close: async () => {
      closed = true;
      clearInterval(timer);
      if (pendingReports) clearTimeout(pendingReports);
      setLeader(false);
      await client?.end().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
