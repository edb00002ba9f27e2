/**
 * A probe agent loses nothing while its server is away: the real server and the real agent
 * (`downwatch agent`) run as child processes; the server stops, the agent buffers on disk, is
 * killed with SIGKILL, restarts (probing on with its last check list), and when the server comes
 * back every buffered result arrives — exactly once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProbeRepo } from '../src/probes/repo/probe-repo.ts';
import { startHttpServer } from '../src/probes/testing/local-servers.ts';
import { openSqlite } from '../src/store/sqlite/open-sqlite.ts';
import {
  freePort,
  ROOT,
  request,
  type ServerProcess,
  startServer,
  tempDir,
} from './support/server-process.ts';

const ADMIN = 'agent-test-admin-token-0123';
const agents = new Set<ChildProcess>();
const servers: ServerProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const a of agents) a.kill('SIGKILL');
  for (const s of servers) await s.kill();
  for (const c of cleanups) await c();
});

function startAgent(
  server: string,
  token: string,
  buffer: string,
): { child: ChildProcess; log: () => string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DOWNWATCH_')) env[k] = v;
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'src/cli/main.ts'),
      'agent',
      '--server',
      server,
      '--token',
      token,
      '--buffer',
      buffer,
      '--allow-private',
      '--name',
      'Test agent',
      '--country',
      'NL',
      '--network',
      'AS64500',
    ],
    { cwd: ROOT, env: { ...env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  agents.add(child);
  child.once('exit', () => agents.delete(child));
  let log = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    log = (log + d).slice(-32_768);
  });
  return { child, log: () => log };
}

const batches = (dir: string) => readdirSync(dir).filter((f) => /^batch-.*\.json$/.test(f));
const idsIn = (dir: string) =>
  new Set(
    batches(dir).flatMap((f) =>
      (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { results: { id: string }[] }).results.map(
        (r) => r.id,
      ),
    ),
  );
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const exited = (c: ChildProcess) =>
  new Promise<void>((resolve) =>
    c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()),
  );

test('agent buffers while the server is down, survives kill -9, and delivers every result exactly once', async () => {
  const target = await startHttpServer((_req, res) => res.end('ok'));
  cleanups.push(() => target.close());
  const data = await tempDir('agent-server');
  const buffer = await tempDir('agent-buffer');
  cleanups.push(data.remove, buffer.remove);
  const checks = join(data.path, 'checks.yaml');
  writeFileSync(
    checks,
    `checks:
  - { id: site, service: facebook, kind: http, url: "http://127.0.0.1:${target.port}/", interval: 1 }
  - { id: port, service: facebook, kind: tcp, host: 127.0.0.1, port: ${target.port}, interval: 1 }
`,
  );
  const port = await freePort();
  const env = {
    DOWNWATCH_ADMIN_TOKEN: ADMIN,
    DOWNWATCH_PROBES_FILE: checks,
    DOWNWATCH_PROBES_ALLOW_PRIVATE: 'true',
    DOWNWATCH_LOG_LEVEL: 'error',
  };
  const first = await startServer({ dataDir: data.path, port, env });
  servers.push(first);
  const made = await request(first.url, '/api/v1/admin/agents', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'test-agent' }),
  });
  assert.equal(made.status, 201, made.body);
  const { token } = JSON.parse(made.body) as { token: string };

  // 1. The agent runs and delivers while the server is up.
  let agent = startAgent(first.url, token, buffer.path);
  await until('the agent to fetch its checks', () => readdirSync(buffer.path).includes('checks.json'));
  await until('a first delivery', async () => {
    const res = await request(first.url, '/api/v1/services/facebook/probes');
    return res.status === 200 && res.body.includes('"vantage":"test-agent"');
  });

  // 2. The server goes away; the agent buffers on disk.
  await first.stop();
  await until('three buffered batches', () => batches(buffer.path).length >= 3);

  // 3. kill -9 the agent, restart it while the server is still down: it probes on from its last list.
  agent.child.kill('SIGKILL');
  await exited(agent.child);
  const beforeRestart = idsIn(buffer.path);
  agent = startAgent(first.url, token, buffer.path);
  await until('the restarted agent to buffer more', () => idsIn(buffer.path).size >= beforeRestart.size + 4);
  assert.match(agent.log(), /the last list on disk/);
  assert.match(agent.log(), /buffered in/);
  const buffered = idsIn(buffer.path);
  for (const id of beforeRestart)
    assert.ok(buffered.has(id), 'nothing buffered is lost by kill -9 and restart');

  // 4. The server comes back: the buffer drains; then the agent stops gracefully.
  const second = await startServer({ dataDir: data.path, port, env });
  servers.push(second);
  await until('the buffer to drain', () => [...buffered].every((id) => !idsIn(buffer.path).has(id)));
  agent.child.kill('SIGTERM');
  await exited(agent.child);
  assert.deepEqual(batches(buffer.path), [], 'the graceful stop sent what was pending');
  await second.stop();

  const { store, sql } = openSqlite(join(data.path, 'downwatch.sqlite'));
  try {
    const repo = new ProbeRepo(sql);
    const stored = new Set(await repo.resultIds('test-agent'));
    const missing = [...buffered].filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], 'every buffered result arrived');
    const counts = await repo.counts('test-agent');
    assert.equal(counts.signals, counts.results, 'each result counted exactly once in the minute signals');
    assert.ok(counts.results >= buffered.size);
    const [row] = (await repo.listAgents()).filter((a) => a.name === 'test-agent');
    assert.deepEqual(row?.reported, { name: 'Test agent', country: 'NL', network: 'AS64500' });
    console.log(
      `agent: ${buffered.size} results buffered across a kill -9, ${counts.results} stored, none twice`,
    );
  } finally {
    await store.close();
  }
});
