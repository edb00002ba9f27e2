/**
 * bench/intake's wrk load generator (`--client wrk`, the default). wrk is C with one epoll thread
 * (`-t 1`), so on a 2-core machine it leaves the servers far more CPU than autocannon does. It cannot
 * run JavaScript, so before the runs prepare() writes the ReportStream sequence of each seed to a file
 * of complete raw HTTP/1.1 requests separated by NUL bytes; wrk-requests.lua loads the file and sends
 * the requests in order. Pipelining is not supported (one request at a time per connection).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineBusyMs } from '../support/quiet.ts';
import { type LoadClient, type LoadResult, type LoadRun, PlainError, REPORTS_PATH } from './client.ts';
import { type Mix, ReportStream } from './load.ts';
import { live } from './server-process.ts';

const SCRIPT = fileURLToPath(new URL('./wrk-requests.lua', import.meta.url));
/** Requests per second a file is sized for: bare reaches ~30,000 req/s here, so a run never wraps. */
const RATE = 40_000;
/**
 * At most this many requests per file (~380 MB on disk, ~1 GB in wrk, 2 s to load): a run longer
 * than 30 s at 40,000 req/s goes back to the first request and sends the sequence again, which is
 * fine (to the intake those are repeats within the dedupe window, still acknowledged with 201).
 */
const MAX_REQUESTS = 1_200_000;
const TIMEOUT_S = 10;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** wrk's JSON line from done() in wrk-requests.lua. */
type WrkSummary = {
  requests: number;
  duration_us: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_us: { p50: number; p99: number };
  status: Record<string, number>;
  cpu_s: number;
  cpu_ready_s: number;
};

/** The wrk client; fails with a plain sentence if wrk is not installed. */
export function wrkClient(opts: { connections: number }): LoadClient {
  const v = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if ((v.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new PlainError('wrk is not installed: apt-get install wrk (or run with --client autocannon)');
  if (v.error) throw v.error;
  // `wrk -v` prints "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer" and its usage (exit 1).
  const name =
    v.stdout
      .split('\n')[0]
      ?.replace(/\s*Copyright.*$/, '')
      .trim() || 'wrk (unknown version)';
  const files = new Map<number, string>();
  return {
    name,
    prepare(dir, mix, seed, seconds) {
      const count = Math.min(MAX_REQUESTS, seconds * RATE);
      const file = join(dir, `wrk-requests-${seed}-${count}.bin`);
      log(`writing ${count.toLocaleString('en-US')} requests (seed ${seed}) for wrk to ${file}`);
      writeRequests(file, mix, seed, count);
      files.set(seed, file);
    },
    run(run) {
      const file = files.get(run.seed);
      if (!file) throw new Error(`wrk client: no requests prepared for seed ${run.seed}`);
      return wrk(run, file, opts.connections);
    },
  };
}

/** `count` requests of ReportStream(mix, seed), raw, each followed by a NUL byte. */
function writeRequests(file: string, mix: Mix, seed: number, count: number): void {
  const stream = new ReportStream(mix, seed);
  const fd = openSync(file, 'w');
  const write = (text: string): void => {
    const buf = Buffer.from(text);
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
  };
  try {
    let chunk = '';
    for (let i = 0; i < count; i++) {
      const { headers, body } = stream.next();
      chunk += `POST ${REPORTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n`;
      for (const [name, value] of Object.entries(headers)) chunk += `${name}: ${value}\r\n`;
      chunk += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}\0`;
      if (chunk.length >= 1 << 20) {
        write(chunk);
        chunk = '';
      }
    }
    write(chunk);
    // On disk before the runs: writeback of these megabytes must not compete with the intake store's fsyncs.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** One wrk run; wrk prints nothing until the end, so progress is the elapsed time, once a second. */
function wrk(
  { label, port, seconds, onStart }: LoadRun,
  file: string,
  connections: number,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const args = ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '--timeout', `${TIMEOUT_S}s`];
    args.push('-s', SCRIPT, `http://127.0.0.1:${port}`, '--', file, '0', '1');
    const child: ChildProcess = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    let busy0 = 0;
    let started = false;
    let elapsed = 0;
    let progress: NodeJS.Timeout | undefined;
    // Loading takes a few seconds at most; a wrk that hangs is killed.
    const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 120) * 1000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!started && /^ready$/m.test(stdout)) {
        started = true;
        onStart?.();
        busy0 = machineBusyMs();
        progress = setInterval(() => {
          elapsed += 1;
          if (elapsed <= seconds) log(`  ${label.padEnd(22)} ${String(elapsed).padStart(3)}/${seconds} s`);
        }, 1000);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.once('error', (e) => {
      clearTimeout(guard);
      clearInterval(progress);
      live.delete(child);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      clearInterval(progress);
      live.delete(child);
      const busy = machineBusyMs() - busy0;
      const line = stdout.split('\n').find((l) => l.startsWith('{"requests"'));
      if (code !== 0 || !line || !started) {
        const why = (stderr.trim() || stdout.trim()).split('\n').slice(-5).join('\n');
        reject(new Error(`${label}: wrk exited (${signal ?? code}) without a result: ${why}`));
        return;
      }
      const s = JSON.parse(line) as WrkSummary;
      const e = s.errors;
      resolve({
        rps: s.requests / (s.duration_us / 1e6),
        responses: s.requests,
        p50Ms: s.latency_us.p50 / 1000,
        p99Ms: s.latency_us.p99 / 1000,
        non2xx: Object.entries(s.status).reduce((n, [c, k]) => (/^2\d\d$/.test(c) ? n : n + k), 0),
        errors: e.connect + e.read + e.write + e.timeout,
        timeouts: e.timeout,
        statusCodes: s.status,
        clientCpuMs: 1000 * (s.cpu_s - s.cpu_ready_s),
        machineBusyMs: busy,
      });
    });
  });
}
