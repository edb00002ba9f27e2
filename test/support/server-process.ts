/**
 * Shared helpers for whole-system tests: start the real server (`node src/cli/main.ts serve`) as a
 * child process on 127.0.0.1, wait until it listens, talk to it over loopback, and stop it. Every
 * child is also killed when the test process exits, so a failing test never leaves one behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const TAIL = 64 * 1024;

const live = new Set<ChildProcess>();
const killAll = () => {
  for (const child of live) child.kill('SIGKILL');
};
process.on('exit', killAll);
// Interrupted test runs take their servers with them, then die of the same signal.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type ServerProcess = {
  /** "http://127.0.0.1:PORT" */
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** The last 64 KiB the server wrote to stderr / stdout. */
  stderr: () => string;
  stdout: () => string;
  /** Log lines (pino JSON on stdout) at level error or fatal; the first 100. */
  errorLogs: string[];
  alive: () => boolean;
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop: (graceMs?: number) => Promise<Exit>;
  /** SIGKILL now and wait for the exit. */
  kill: () => Promise<Exit>;
};

export type StartOptions = {
  dataDir: string;
  /** 0 (default) lets the OS choose; the real port is read from the start-up line. */
  port?: number;
  /** DOWNWATCH_* variables; the parent's DOWNWATCH_* and DATABASE_URL are not inherited. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
};

/** A port that was free a moment ago (prefer port 0 where the caller can read the real port back). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `downwatch-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('DOWNWATCH_') && k !== 'DATABASE_URL') env[k] = v;
  // Load shedding is off unless a test sets it: a busy test machine must not turn into 503s.
  return { ...env, NODE_NO_WARNINGS: '1', DOWNWATCH_SHED_EVENT_LOOP_DELAY_MS: '0', ...extra };
}

/** Spawns `downwatch serve` on 127.0.0.1 and resolves once it prints "Downwatch … on http://…". */
export function startServer(opts: StartOptions): Promise<ServerProcess> {
  const args = [
    MAIN,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    String(opts.port ?? 0),
    '--data-dir',
    opts.dataDir,
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: cleanEnv(opts.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let err = '';
  let out = '';
  let partial = '';
  const errorLogs: string[] = [];
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      live.delete(child);
      resolve(exit);
    });
  });
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    out = (out + d).slice(-TAIL);
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    if (partial.length > TAIL) partial = '';
    for (const line of lines)
      if (errorLogs.length < 100 && /"level":(50|60)\b/.test(line)) errorLogs.push(line);
  });
  child.stderr?.setEncoding('utf8');

  const stop = async (graceMs = 10_000): Promise<Exit> => {
    if (exit) return exit;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const kill = async (): Promise<Exit> => {
    if (exit) return exit;
    child.kill('SIGKILL');
    return exited;
  };

  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${opts.startTimeoutMs ?? 20_000} ms; stderr:\n${err}`));
    }, opts.startTimeoutMs ?? 20_000);
    let started = false;
    child.stderr?.on('data', (d: string) => {
      err = (err + d).slice(-TAIL);
      if (started) return;
      const m = err.match(/Downwatch \S+ on (http:\/\/127\.0\.0\.1:(\d+))/);
      if (!m?.[1] || !m[2]) return;
      started = true;
      clearTimeout(timer);
      resolve({
        url: m[1],
        port: Number(m[2]),
        pid: child.pid ?? -1,
        child,
        stderr: () => err,
        stdout: () => out,
        errorLogs,
        alive: () => exit === undefined,
        exited,
        stop,
        kill,
      });
    });
    exited.then((e) => {
      if (started) return;
      clearTimeout(timer);
      reject(
        new Error(`server exited before listening (code ${e.code}, signal ${e.signal}); stderr:\n${err}`),
      );
    });
  });
}

export type HttpResult = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request over node:http (a fresh connection unless an agent is given). */
export function request(
  base: string,
  path: string,
  opts: {
    method?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | Buffer;
    agent?: http.Agent;
    timeoutMs?: number;
  } = {},
): Promise<HttpResult> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: opts.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 15_000, () =>
      req.destroy(new Error(`client timeout: ${opts.method ?? 'GET'} ${path}`)),
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * A GET that waits out per-client limits (429 with Retry-After, a few times): the checks after a
 * flood come from the same loopback address the flood did.
 */
export async function patientGet(base: string, path: string): Promise<HttpResult> {
  let res = await request(base, path);
  for (let i = 0; i < 5 && res.status === 429; i++) {
    await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? 1) * 1000));
    res = await request(base, path);
  }
  return res;
}

export async function getJson<T>(base: string, path: string): Promise<T> {
  const res = await patientGet(base, path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body}`);
  return JSON.parse(res.body) as T;
}

type Series = { points: { reports: number; repeats: number }[] };

/** Counted reports and repeats of a service over the last `hours` hours (1-hour buckets). */
export async function signalTotals(
  base: string,
  slug: string,
  hours = 3,
): Promise<{ reports: number; repeats: number }> {
  const s = await getJson<Series>(base, `/api/v1/services/${slug}/signals?resolution=1h&hours=${hours}`);
  return s.points.reduce((a, p) => ({ reports: a.reports + p.reports, repeats: a.repeats + p.repeats }), {
    reports: 0,
    repeats: 0,
  });
}

/** Runs fn(0..n-1) with at most `concurrency` calls in flight; `worker` says which of them runs it. */
export async function pool(
  n: number,
  concurrency: number,
  fn: (i: number, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const run = async (worker: number) => {
    while (next < n) {
      const i = next++;
      await fn(i, worker);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, (_, w) => run(w)));
}
