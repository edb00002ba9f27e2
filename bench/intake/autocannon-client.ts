/**
 * bench/intake's autocannon load generator (`--client autocannon`): runs in the bench's own process
 * and builds each request from ReportStream as it goes; supports pipelining. On a 2-core machine it
 * takes most of a core, which the intake server (event loop and SQLite writer thread) then lacks.
 */
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import { machineBusyMs } from '../support/quiet.ts';
import { type LoadClient, type LoadResult, type LoadRun, REPORTS_PATH } from './client.ts';
import { ReportStream } from './load.ts';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function autocannonClient(opts: { connections: number; pipelining: number }): LoadClient {
  const require = createRequire(import.meta.url);
  const { version } = require('autocannon/package.json') as { version: string };
  return {
    name: `autocannon ${version}`,
    prepare: () => undefined,
    run: (run) => cannon(run, opts),
  };
}

/** One autocannon run against a server; progress once a second on stderr. */
function cannon(
  { label, port, mix, seed, seconds, onStart }: LoadRun,
  opts: { connections: number; pipelining: number },
): Promise<LoadResult> {
  const stream = new ReportStream(mix, seed);
  return new Promise((resolve, reject) => {
    onStart?.();
    const cpu0 = process.cpuUsage();
    const busy0 = machineBusyMs();
    let responses = 0;
    let last = 0;
    let elapsed = 0;
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: opts.connections,
        pipelining: opts.pipelining,
        duration: seconds,
        timeout: 10,
        title: label,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            path: REPORTS_PATH,
            setupRequest: (req) => {
              const next = stream.next();
              req.headers = { ...req.headers, ...next.headers };
              req.body = next.body;
              return req;
            },
          },
        ],
      },
      (err, r) => {
        if (err) reject(err);
        else {
          const cpu = process.cpuUsage(cpu0);
          resolve({
            rps: r.requests.average,
            responses: r.requests.total,
            p50Ms: r.latency.p50,
            p99Ms: r.latency.p99,
            non2xx: r.non2xx,
            errors: r.errors,
            timeouts: r.timeouts,
            statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([c, s]) => [c, s.count])),
            clientCpuMs: (cpu.user + cpu.system) / 1000,
            machineBusyMs: machineBusyMs() - busy0,
          });
        }
      },
    );
    instance.on('response', () => {
      responses += 1;
    });
    instance.on('tick', () => {
      elapsed += 1;
      if (elapsed > seconds) return;
      log(
        `  ${label.padEnd(22)} ${String(elapsed).padStart(3)}/${seconds} s  ${String(responses - last).padStart(7)} req/s`,
      );
      last = responses;
    });
  });
}
