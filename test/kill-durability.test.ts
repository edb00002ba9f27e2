/**
 * Durability under `kill -9`: 20 clients post reports to the real server for about 3 s; the server
 * is killed with SIGKILL while requests are in flight, restarted on the same SQLite directory, and
 * every report it acknowledged (201 with an id) must be in the file, as acknowledged, and the minute
 * and hour counters must add up to the stored reports (the writer derives them after the commit, so
 * a kill leaves some to be derived on restart).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type ServerProcess, startServer, tempDir } from './support/server-process.ts';

const CLIENTS = 20;
/** Intake runs at least RUN_MS, longer (up to MAX_RUN_MS) on a slow disk until TARGET reports are acknowledged. */
const RUN_MS = 3_000;
const MAX_RUN_MS = 15_000;
const TARGET = 2_500;
const ENV = {
  DOWNWATCH_TRUST_PROXY: '127.0.0.1',
  DOWNWATCH_RATE_LIMIT_PER_MINUTE: '10000000',
  DOWNWATCH_LOG_LEVEL: 'error',
};
const MIX = [
  ['facebook', 'login'],
  ['instagram', 'feed'],
  ['whatsapp', 'messaging'],
  ['facebook', 'app'],
] as const;

type Ack = { service: string; problem: string; counted: boolean };

let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
const servers: ServerProcess[] = [];
after(async () => {
  for (const s of servers) await s.kill();
  await dir?.remove();
});

type Answer = { status: number; id?: number; counted?: boolean };

/** One POST over the client's own keep-alive connection; resolves with the answer, or undefined without one. */
function post(port: number, agent: http.Agent, body: string, ip: string): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/reports',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-forwarded-for': ip,
          'user-agent': 'durability',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status !== 201) return resolve({ status });
          resolve({
            status,
            ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: number; counted: boolean }),
          });
        });
        res.on('error', () => resolve(undefined));
        res.on('aborted', () => resolve(undefined));
      },
    );
    req.setTimeout(10_000, () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

test('every report acknowledged before kill -9 is in the store after a restart', async () => {
  dir = await tempDir('durability');
  const first = await startServer({ dataDir: dir.path, env: ENV });
  servers.push(first);

  const acked = new Map<number, Ack>();
  let sent = 0;
  let failed = 0;
  let inFlight = 0;
  let stop = false;
  const otherStatuses = new Map<number, number>();

  const client = async (c: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let n = 0; !stop; n++) {
        const [service, problem] = MIX[(c + n) % MIX.length] ?? MIX[0];
        const ip = `10.${c + 1}.${(n >> 8) & 255}.${n & 255}`;
        sent++;
        inFlight++;
        const res = await post(first.port, agent, JSON.stringify({ service, problem }), ip);
        inFlight--;
        if (res?.id !== undefined && res.counted !== undefined)
          acked.set(res.id, { service, problem, counted: res.counted });
        else if (res) otherStatuses.set(res.status, (otherStatuses.get(res.status) ?? 0) + 1);
        else failed++;
      }
    } finally {
      agent.destroy();
    }
  };

  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  const started = Date.now();
  await sleep(RUN_MS);
  while (acked.size < TARGET && Date.now() - started < MAX_RUN_MS) await sleep(100);
  const ranMs = Date.now() - started;
  const inFlightAtKill = inFlight;
  const ackedAtKill = acked.size;
  first.child.kill('SIGKILL');
  const exit = await first.exited;
  stop = true;
  await Promise.all(clients);
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(inFlightAtKill > 0, 'requests were in flight when the server was killed');
  assert.deepEqual([...otherStatuses.keys()], [], 'every answer before the kill was 201');
  console.log(
    `intake for ${(ranMs / 1000).toFixed(1)} s: sent ${sent}; acknowledged ${acked.size} (${ackedAtKill} before the kill signal); ${failed} without an answer; ${inFlightAtKill} in flight at the kill; other statuses: ${JSON.stringify(Object.fromEntries(otherStatuses))}`,
  );

  // Restart on the same directory; the server must come up and serve.
  const second = await startServer({ dataDir: dir.path, env: ENV });
  servers.push(second);
  assert.equal((await request(second.url, '/healthz')).status, 200);

  const db = new DatabaseSync(join(dir.path, 'downwatch.sqlite'), { readOnly: true });
  let stored: Map<number, Ack>;
  try {
    const rows = db.prepare('SELECT id, service, problem, counted FROM reports').all() as {
      id: number;
      service: string;
      problem: string;
      counted: number;
    }[];
    stored = new Map(
      rows.map((r) => [Number(r.id), { service: r.service, problem: r.problem, counted: r.counted === 1 }]),
    );
  } finally {
    db.close();
  }
  const missing = [...acked.keys()].filter((id) => !stored.has(id));
  const changed = [...acked].filter(([id, a]) => {
    const s = stored.get(id);
    return s !== undefined && (s.service !== a.service || s.problem !== a.problem || s.counted !== a.counted);
  });
  const found = acked.size - missing.length;
  console.log(
    `acknowledged ${acked.size}, found ${found} (${stored.size} rows stored: ${stored.size - found} committed but never acknowledged)`,
  );
  assert.deepEqual(missing.slice(0, 20), [], `${missing.length} acknowledged reports are missing`);
  assert.deepEqual(changed.slice(0, 20), [], 'acknowledged reports are stored as acknowledged');
  assert.ok(acked.size > 1_000, `only ${acked.size} reports were acknowledged; the test proves little`);

  // The restarted server keeps accepting, after every id it handed out before.
  const next = await request(second.url, '/api/v1/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.99.0.1' },
    body: JSON.stringify({ service: 'facebook', problem: 'login' }),
  });
  assert.equal(next.status, 201, next.body);
  assert.ok((JSON.parse(next.body) as { id: number }).id > Math.max(...stored.keys()));
  const exit2 = await second.stop();
  assert.equal(exit2.code, 0, second.stderr());

  // Counters match the rows: nothing lost to the kill, nothing counted twice on restart.
  const check = new DatabaseSync(join(dir.path, 'downwatch.sqlite'), { readOnly: true });
  try {
    const one = (sql: string) => Number((check.prepare(sql).get() as { n: number | null }).n ?? 0);
    const rows = {
      counted: one('SELECT COUNT(*) AS n FROM reports WHERE counted = 1'),
      repeats: one('SELECT COUNT(*) AS n FROM reports WHERE counted = 0'),
    };
    const minute = {
      counted: one('SELECT SUM(reports) AS n FROM counts_minute'),
      repeats: one('SELECT SUM(repeats) AS n FROM counts_minute'),
    };
    const hour = {
      counted: one('SELECT SUM(reports) AS n FROM counts_hour'),
      repeats: one('SELECT SUM(repeats) AS n FROM counts_hour'),
    };
    console.log(
      `counters after the restart: rows ${JSON.stringify(rows)}, minutes ${JSON.stringify(minute)}`,
    );
    assert.deepEqual(minute, rows, 'the minute counters add up to the stored reports');
    assert.deepEqual(hour, rows, 'the hour counters add up to the stored reports');
  } finally {
    check.close();
  }
});
