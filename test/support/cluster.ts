import pg from 'pg';
import { request, type ServerProcess, startServer, tempDir } from './server-process.ts';

/** Environment for a node of a test cluster on one PostgreSQL schema. */
export const nodeEnv = (databaseUrl: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  DOWNWATCH_TRUST_PROXY: '127.0.0.1',
  DOWNWATCH_RATE_LIMIT_PER_MINUTE: '10000000',
  DOWNWATCH_LOG_LEVEL: 'warn',
});

/** Starts n real `downwatch serve` processes on the same database. */
export async function startCluster(
  n: number,
  databaseUrl: string,
): Promise<{ nodes: ServerProcess[]; stop: () => Promise<void> }> {
  const dir = await tempDir('cluster');
  const nodes: ServerProcess[] = [];
  for (let i = 0; i < n; i++) nodes.push(await startServer({ dataDir: dir.path, env: nodeEnv(databaseUrl) }));
  return {
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((s) => s.stop(5_000)));
      await dir.remove();
    },
  };
}

type Ready = { leader?: boolean };

/** Whether each node says it leads (null when it does not answer 200). */
export async function leaders(nodes: ServerProcess[]): Promise<(boolean | null)[]> {
  return Promise.all(
    nodes.map(async (s) => {
      if (!s.alive()) return null;
      try {
        const r = await request(s.url, '/readyz', { timeoutMs: 2_000 });
        return r.status === 200 ? ((JSON.parse(r.body) as Ready).leader ?? false) : null;
      } catch {
        return null;
      }
    }),
  );
}

/** Polls until `check` is true or the time runs out; returns the milliseconds it took, or -1. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return -1;
}

let ipSeq = 1;
/** One report from a fresh address (the nodes trust X-Forwarded-For from 127.0.0.1). */
export async function postReport(
  base: string,
  service = 'facebook',
): Promise<{ status: number; id?: number }> {
  const n = ipSeq++;
  const ip = `100.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  try {
    const r = await request(base, '/api/v1/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, 'user-agent': `cluster-${n}` },
      body: JSON.stringify({ service, problem: 'login', country: 'US' }),
      timeoutMs: 5_000,
    });
    return r.status === 201
      ? { status: 201, id: (JSON.parse(r.body) as { id: number }).id }
      : { status: r.status };
  } catch {
    return { status: 0 };
  }
}

/** Runs `workers` loops posting reports until `stop()`; collects acknowledged ids and statuses. */
export function sustainLoad(targets: () => ServerProcess[], workers: number) {
  const acked: number[] = [];
  const statuses = new Map<number, number>();
  let running = true;
  const loops = Array.from({ length: workers }, async (_, w) => {
    while (running) {
      const alive = targets().filter((s) => s.alive());
      if (alive.length === 0) break;
      const r = await postReport(alive[w % alive.length]!.url);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.id !== undefined) acked.push(r.id);
    }
  });
  return {
    acked,
    statuses,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Which of the ids exist in the cluster's database. */
export async function idsInDatabase(databaseUrl: string, ids: number[]): Promise<Set<number>> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query('SELECT id FROM reports WHERE id = ANY($1::bigint[])', [ids]);
    return new Set(r.rows.map((x: { id: string | number }) => Number(x.id)));
  } finally {
    await c.end();
  }
}
