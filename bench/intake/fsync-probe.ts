/**
 * How long one fdatasync takes on this machine's disk, idle and while a loopback HTTP load runs
 * (the bare endpoint of bench/intake under autocannon): the wait every acknowledged report pays.
 *
 *   node bench/intake/fsync-probe.ts [--dir DIR] [--seconds 5] [--connections 50]
 *
 * A worker thread rewrites 32 KiB of a 32 MiB file and fdatasyncs it, over and over with a 1 ms
 * pause (about the pace of the report writer's syncs), and prints the percentiles of the sync times.
 * The file goes in --dir (default: a temporary directory under the OS temp dir; pass the data
 * directory's file system to measure that one) and is removed at the end.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { FromChild } from './server.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
const seconds = Number(values.seconds);
const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'dw-fsync-'));

// Runs in the worker: the synchronous loop would otherwise stall the load generator.
const SYNC_LOOP = `
const { openSync, writeSync, fdatasyncSync, closeSync } = process.getBuiltinModule('node:fs');
const { workerData, parentPort } = process.getBuiltinModule('node:worker_threads');
const fd = openSync(workerData.file, 'w+');
const page = Buffer.alloc(32 * 1024, 7);
for (let i = 0; i < 1024; i++) writeSync(fd, page, 0, page.length, i * page.length);
fdatasyncSync(fd);
const times = [];
const end = Date.now() + workerData.ms;
for (let i = 0; Date.now() < end; i++) {
  writeSync(fd, page, 0, page.length, (i % 1024) * page.length);
  const t0 = performance.now();
  fdatasyncSync(fd);
  times.push(performance.now() - t0);
  const until = performance.now() + 1;
  while (performance.now() < until);
}
closeSync(fd);
parentPort.postMessage(times);
`;

function syncTimes(ms: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(SYNC_LOOP, { eval: true, workerData: { file: join(dir, 'probe.bin'), ms } });
    w.once('message', (t: number[]) => resolve(t));
    w.once('error', reject);
  });
}

function summary(label: string, times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const q = (p: number) => (s[Math.floor(p * (s.length - 1))] ?? 0).toFixed(3);
  return `| ${label} | ${s.length.toLocaleString('en')} | ${q(0.1)} | ${q(0.5)} | ${q(0.9)} | ${q(0.99)} |`;
}

/** The bare endpoint of bench/intake in a child process; resolves with it and its port. */
function startBare(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL('./server.ts', import.meta.url), ['bare', 'warn', dir], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') resolve({ child, port: m.port });
      else if (m.type === 'error') reject(new Error(m.message));
    });
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
}

try {
  process.stderr.write(`fsync-probe: ${seconds} s idle, then ${seconds} s under load, in ${dir}\n`);
  const idle = await syncTimes(seconds * 1000);
  const { child, port } = await startBare();
  try {
    const body = JSON.stringify({ service: 'facebook', problem: 'login', country: 'US' });
    const load = new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections: Number(values.connections),
          duration: seconds + 2,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          requests: [{ method: 'POST', path: '/api/v1/reports' }],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
    });
    await new Promise((r) => setTimeout(r, 1000));
    const busy = await syncTimes(seconds * 1000);
    const result = await load;
    console.log('| fdatasync of 32 KiB | syncs | p10 ms | p50 ms | p90 ms | p99 ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(summary('idle', idle));
    console.log(summary(`during loopback load (${Math.round(result.requests.average)} req/s)`, busy));
  } finally {
    child.kill();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
