/**
 * bench/probes: the scheduler and checkers at 10,000 checks per minute against local servers
 * (HTTP 70%, TCP 15%, DNS 15%; targets in a child process), with results stored through the probe
 * repository into SQLite once a second, as the server's own vantage point does. Prints achieved
 * checks per minute, check latency and scheduling lag (p50/p99), the prober's CPU and memory.
 *
 *   node bench/probes/run.ts [--checks 10000] [--seconds 60] [--concurrency 200]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Check } from '../../src/probes/check.ts';
import { toStored } from '../../src/probes/probes.ts';
import { ProbeRepo } from '../../src/probes/repo/probe-repo.ts';
import type { ProbeResult } from '../../src/probes/result.ts';
import { runCheck } from '../../src/probes/run-check.ts';
import { Scheduler } from '../../src/probes/scheduler.ts';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.ts';

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '200' },
  },
});
const N = Number(values.checks);
const SECONDS = Number(values.seconds);

const child = spawn(process.execPath, [join(import.meta.dirname, 'targets.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ports = await new Promise<{ http: number; dns: number; tcp: number }>((resolve) => {
  createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l)));
});

const checks: Check[] = Array.from({ length: N }, (_, i) => {
  const common = { id: `bench-${i}`, service: 'facebook', interval: 60, timeout: 5 };
  const r = i % 20;
  if (r < 14)
    return Check.parse({
      ...common,
      kind: 'http',
      url: `http://127.0.0.1:${ports.http}/health/${i}`,
      conditions: '[STATUS] == 200 && [BODY].status == "up"',
    });
  if (r < 17) return Check.parse({ ...common, kind: 'tcp', host: '127.0.0.1', port: ports.tcp });
  return Check.parse({
    ...common,
    kind: 'dns',
    name: `s${i}.example.test`,
    resolver: `127.0.0.1:${ports.dns}`,
  });
});

const dir = mkdtempSync(join(tmpdir(), 'dw-bench-probes-'));
const { store, sql } = openSqlite(join(dir, 'bench.sqlite'));
await store.migrate();
const repo = new ProbeRepo(sql);

const latencies: number[] = [];
const failures = new Map<string, number>();
let pending: ProbeResult[] = [];
let stored = 0;
const scheduler = new Scheduler({
  run: (c, signal) => runCheck(c, { policy: { allowPrivate: true }, signal }),
  onResult: (r) => {
    latencies.push(r.timings.total);
    if (!r.ok) failures.set(`${r.layer}:${r.code}`, (failures.get(`${r.layer}:${r.code}`) ?? 0) + 1);
    pending.push(r);
  },
  concurrency: Number(values.concurrency),
});
const flush = async () => {
  const batch = pending;
  pending = [];
  if (batch.length === 0) return;
  const rows = batch.map(toStored);
  stored += (await repo.appendResults('local', rows, Date.now())).accepted;
};
const flusher = setInterval(() => void flush(), 1000);

let maxRss = 0;
let maxHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  maxRss = Math.max(maxRss, m.rss);
  maxHeap = Math.max(maxHeap, m.heapUsed);
}, 250);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
scheduler.setChecks(checks);
scheduler.start();
const progress = setInterval(() => {
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(
    `\r${s.toFixed(0)} s: ${scheduler.stats.completed} checks, ${scheduler.running} running`,
  );
}, 5000);
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(progress);
await scheduler.stop();
clearInterval(flusher);
await flush();
clearInterval(sampler);
child.kill('SIGTERM');
await store.close();
rmSync(dir, { recursive: true, force: true });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const done = scheduler.stats.completed;
const rows = [
  ['checks configured', `${N} (interval 60 s: ${N} per minute wanted)`],
  ['duration', `${wall.toFixed(1)} s`],
  ['checks completed', `${done} → ${Math.round((done / wall) * 60)} per minute`],
  ['failures', failures.size === 0 ? '0' : [...failures].map(([k, n]) => `${k} ×${n}`).join(', ')],
  ['skipped (still running when due)', String(scheduler.stats.skipped)],
  ['results stored (SQLite, 1 s batches)', String(stored)],
  ['check latency p50 / p99', `${pct(latencies, 50).toFixed(1)} / ${pct(latencies, 99).toFixed(1)} ms`],
  [
    'start lag p50 / p99',
    `${pct(scheduler.stats.lagMs, 50).toFixed(0)} / ${pct(scheduler.stats.lagMs, 99).toFixed(0)} ms`,
  ],
  [
    'prober CPU (user+system / wall)',
    `${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(1)}% of one core`,
  ],
  [
    'prober RSS / JS heap used (max)',
    `${(maxRss / 2 ** 20).toFixed(0)} / ${(maxHeap / 2 ** 20).toFixed(0)} MB`,
  ],
  ['machine', `${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.versions.node}`],
];
process.stderr.write('\n');
console.log(`| measure | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}`);
