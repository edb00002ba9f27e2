/**
 * bench/reads: the status site under a flood of readers, over loopback.
 *
 *   node bench/reads/run.ts [--seconds 10] [--connections 50] [--warmup 2] [--rounds 3] [--quiet-wait 120]
 *                           [--no-record]
 *
 * 1. Cached reads: GET /api/v1/status and GET /status/instagram?lang=en on the real server (SQLite,
 *    seeded by a short burst of reports) against a bare Fastify endpoint (bench/intake's bare server)
 *    sending a body of the same size and type, in the same run: bare, real, bare, … (--rounds real
 *    runs between bare ones), ratio = median real over median bare. Target ≥ 0.8.
 * 2. Intake under a flood: POST /api/v1/reports (bench/intake's request mix) alone, then again while
 *    another process (flood.ts) floods the pages and the status JSON, in turn for --rounds rounds;
 *    ratio = median flooded over median alone. Target ≥ 0.7.
 * Each run waits (up to --quiet-wait s) for other processes to go quiet. Each server and the flood
 * run in their own process; the table goes to stdout and (unless
 * --no-record) into the "## Reads" section of docs/benchmarks.md. Exits 1 below a target or when
 * more than 0.1% of requests failed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, type as osType, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { catalogPaths } from '../../src/app/create-app.ts';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { mixFrom, ReportStream } from '../intake/load.ts';
import { benchConfig } from '../intake/server.ts';
import { waitForQuiet } from '../support/quiet.ts';
import { Child } from './child.ts';
import { recordReads } from './record.ts';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

const { values: opts } = parseArgs({
  allowNegative: true,
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    'quiet-wait': { type: 'string', default: '120' },
    record: { type: 'boolean', default: true },
  },
});
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const warmup = Number(opts.warmup);
const quietWait = Number(opts['quiet-wait']);
const rounds = Math.max(1, Number(opts.rounds));
const mix = mixFrom(loadCatalog(catalogPaths(benchConfig('warn', '/nonexistent'))));

type Request = NonNullable<autocannon.Options['requests']>[number];
type Run = { label: string; rps: number; p99: number; total: number; failed: number };

/** One autocannon run in this process; returns responses per second and failures. */
function cannon(label: string, port: number, requests: Request[], duration: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration,
        timeout: 10,
        headers: { 'content-type': 'application/json' },
        requests,
      },
      (err, r) => {
        if (err) reject(err);
        else
          resolve({
            label,
            rps: r.requests.average,
            p99: r.latency.p99,
            total: r.requests.total,
            failed: r.non2xx + r.errors,
          });
      },
    );
  });
}

const get = (path: string): Request[] => [{ method: 'GET', path }];
const reports = (stream: ReportStream): Request[] => [
  {
    method: 'POST',
    path: '/api/v1/reports',
    setupRequest: (req) => {
      const next = stream.next();
      return { ...req, headers: { ...req.headers, ...next.headers }, body: next.body };
    },
  },
];

const median = (xs: Run[]): number => {
  const v = xs.map((x) => x.rps).sort((a, b) => a - b);
  return v.length % 2
    ? (v[(v.length - 1) / 2] ?? 0)
    : ((v[v.length / 2 - 1] ?? 0) + (v[v.length / 2] ?? 0)) / 2;
};

/** Intake while another process floods the pages and the status JSON; the flood's figures go to `runs`. */
async function flooded(port: number, round: number, runs: Run[]): Promise<Run> {
  await waitForQuiet(quietWait, log);
  const flood = new Child('flood', here('./flood.ts'), [
    String(port),
    String(seconds + warmup + 1),
    String(connections),
  ]);
  await flood.next('ready');
  const label = `POST /api/v1/reports flooded #${round}`;
  const run = await measure(label, port, reports(new ReportStream(mix, 100 + round)), false);
  const f = await flood.next('result');
  runs.push({
    label: `(the flood #${round}: GET pages + status JSON)`,
    rps: Number(f.average),
    p99: Number.NaN,
    total: Number(f.total),
    failed: Number(f.non2xx) + Number(f.errors),
  });
  return run;
}

/** Warm-up (not measured), then the measured run. */
async function measure(label: string, port: number, requests: Request[], quiet = true): Promise<Run> {
  if (quiet) await waitForQuiet(quietWait, log);
  if (warmup > 0) await cannon(`${label} warm-up`, port, requests, warmup);
  const run = await cannon(label, port, requests, seconds);
  log(`  ${label.padEnd(34)} ${Math.round(run.rps).toLocaleString('en')} req/s, p99 ${run.p99} ms`);
  return run;
}

async function main(): Promise<number> {
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, ${osType()} ${release()}, node ${process.version}`;
  log(`bench/reads on ${machine}`);
  const dir = mkdtempSync(join(tmpdir(), 'downwatch-bench-reads-'));
  const app = new Child('downwatch', here('../intake/server.ts'), ['intake', 'warn', dir]);
  let bare: Child | undefined;
  try {
    const port = await app.port();
    log('seeding: a burst of reports, then the snapshot rebuilds');
    await cannon('seed', port, reports(new ReportStream(mix, 7)), 2);
    await new Promise((r) => setTimeout(r, 3_000));
    const status = await (await fetch(`http://127.0.0.1:${port}/api/v1/status`)).text();
    const page = await (await fetch(`http://127.0.0.1:${port}/status/instagram?lang=en`)).text();
    writeFileSync(join(dir, 'status.json'), status);
    writeFileSync(join(dir, 'page.html'), page);
    bare = new Child('bare', here('./bare.ts'), [join(dir, 'status.json'), join(dir, 'page.html')]);
    const barePort = await bare.port();

    const runs: Run[] = [];
    const ratios: { name: string; value: number; target: number }[] = [];
    for (const [name, real, bareRoute, size] of [
      ['status JSON', '/api/v1/status', '/bare/status', status.length],
      ['service page', '/status/instagram?lang=en', '/bare/page', page.length],
    ] as const) {
      log(`${name} (${size.toLocaleString('en')} bytes): bare and real in turn, ${rounds} rounds`);
      const bares = [await measure(`bare ${name} #1`, barePort, get(bareRoute))];
      const reals: Run[] = [];
      for (let i = 1; i <= rounds; i++) {
        reals.push(await measure(`GET ${real} #${i}`, port, get(real)));
        bares.push(await measure(`bare ${name} #${i + 1}`, barePort, get(bareRoute)));
      }
      runs.push(...bares, ...reals);
      ratios.push({ name: `${name} / bare`, value: median(reals) / median(bares), target: 0.8 });
    }

    log(`intake: alone, then while the pages are flooded, ${rounds} rounds`);
    const solos: Run[] = [];
    const floodeds: Run[] = [];
    for (let i = 1; i <= rounds; i++) {
      solos.push(await measure(`POST /api/v1/reports alone #${i}`, port, reports(new ReportStream(mix, i))));
      floodeds.push(await flooded(port, i, runs));
    }
    runs.push(...solos, ...floodeds);
    ratios.push({ name: 'intake flooded / alone', value: median(floodeds) / median(solos), target: 0.7 });

    const report = recordReads({
      machine,
      seconds,
      connections,
      warmup,
      rounds,
      runs,
      ratios,
      record: opts.record,
    });
    process.stdout.write(report.text);
    return report.ok ? 0 : 1;
  } finally {
    await bare?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench/reads failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
