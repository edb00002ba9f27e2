/**
 * bench/reads mixed run: the pages flooded while reports arrive at a fixed rate, with a control.
 *
 *   node bench/reads/mixed.ts [--seconds 10] [--connections 50] [--rates 100,500,2000] [--quiet-wait 60]
 *
 * For each rate: the flood (flood.ts, its own process) alone on node A; the flood on A while
 * reports go to A at that rate (the mixed run); the flood on A while the same reports go to a
 * second node B (the control: the same machine load, but A's loop sees no writes). Prints reads
 * kept (mixed / alone and mixed / control), reports acknowledged (2xx of sent) and their p99.
 * Targets from issue 19: reads kept ≥ 0.85 of alone at 500 reports/s, ≥ 0.7 at 2,000; every
 * report acknowledged, p99 ≤ 50 ms. Prints only (no record): the figures of a contended machine
 * are not final.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
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

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rates: { type: 'string', default: '100,500,2000' },
    'quiet-wait': { type: 'string', default: '60' },
  },
});
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const quietWait = Number(opts['quiet-wait']);
const rates = opts.rates
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const mix = mixFrom(loadCatalog(catalogPaths(benchConfig('warn', '/nonexistent'))));

type Sent = { acknowledged: number; sent: number; p99: number };

/** Reports at a fixed overall rate for `duration` seconds (autocannon's overallRate, one worker). */
function reportsAt(port: number, rate: number, duration: number, seed: number): Promise<Sent> {
  const stream = new ReportStream(mix, seed);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: Math.max(1, Math.min(50, Math.ceil(rate / 50))),
        overallRate: rate,
        duration,
        timeout: 10,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            path: '/api/v1/reports',
            setupRequest: (req) => {
              const next = stream.next();
              return { ...req, headers: { ...req.headers, ...next.headers }, body: next.body };
            },
          },
        ],
      },
      (err, r) => {
        if (err) reject(err);
        else resolve({ acknowledged: r['2xx'], sent: r.requests.sent, p99: r.latency.p99 });
      },
    );
  });
}

/** The page flood on `port` for `seconds`; its responses per second. */
async function flood(port: number, during?: () => Promise<Sent>): Promise<{ reads: number; sent?: Sent }> {
  await waitForQuiet(quietWait, log);
  const f = new Child('flood', here('./flood.ts'), [String(port), String(seconds), String(connections)]);
  await f.next('ready');
  const sent = during ? await during() : undefined;
  const r = await f.next('result');
  return { reads: Number(r.average), sent };
}

async function main(): Promise<number> {
  log(`bench/reads mixed on ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs`);
  const dirA = mkdtempSync(join(tmpdir(), 'downwatch-bench-mixed-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'downwatch-bench-mixed-b-'));
  const a = new Child('node A', here('../intake/server.ts'), ['intake', 'warn', dirA]);
  const b = new Child('node B', here('../intake/server.ts'), ['intake', 'warn', dirB]);
  try {
    const [portA, portB] = [await a.port(), await b.port()];
    log('seeding node A: a short burst of reports, then the snapshot rebuilds');
    await reportsAt(portA, 2000, 2, 7);
    await new Promise((r) => setTimeout(r, 3_000));
    const lines = [
      '| reports/s | reads alone | mixed | control | kept / alone | kept / control | acknowledged | report p99 |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ];
    for (const [i, rate] of rates.entries()) {
      const alone = await flood(portA);
      const mixed = await flood(portA, () => reportsAt(portA, rate, seconds - 1, 100 + i));
      const control = await flood(portA, () => reportsAt(portB, rate, seconds - 1, 200 + i));
      const s = mixed.sent ?? { acknowledged: 0, sent: 0, p99: Number.NaN };
      const row = [
        rate.toLocaleString('en'),
        Math.round(alone.reads).toLocaleString('en'),
        Math.round(mixed.reads).toLocaleString('en'),
        Math.round(control.reads).toLocaleString('en'),
        (mixed.reads / alone.reads).toFixed(2),
        (mixed.reads / control.reads).toFixed(2),
        `${s.acknowledged.toLocaleString('en')} / ${s.sent.toLocaleString('en')}`,
        `${s.p99} ms`,
      ];
      lines.push(`| ${row.join(' | ')} |`);
      log(lines[lines.length - 1] ?? '');
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await a.close().catch(() => undefined);
    await b.close().catch(() => undefined);
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench/reads mixed failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
