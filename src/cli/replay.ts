import { mkdtempSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../app/create-app.ts';
import { type Config, loadConfig } from '../config/config.ts';
import { type ReplayEvent, replayIntoApp } from '../replay/replay-scenario.ts';
import { VirtualClock } from '../replay/virtual-clock.ts';
import { generatedSpan } from '../scenarios/generate.ts';
import { loadScenario } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { groundTruth } from '../scenarios/tracks.ts';
import { type Command, type Io, UsageError } from './io.ts';
import { Progress } from './progress.ts';

const HELP = `Usage: downwatch replay SCENARIO.yaml [options]

Replays a scenario (see scenarios/README.md) through Downwatch in scenario time: a fresh embedded
store, the real intake store, detector, incidents and status snapshot, served on --port so you can
watch it in a browser. Prints each status change and official statement as it happens, then the
incidents it opened with their start, detection and end against the scenario's ground truth.

Options:
  --speed N      scenario minutes per real minute once the outage starts (before it: as fast
                 as possible; default: as fast as possible throughout)
  --scale S      multiply report volumes (1 = as documented; 0.1, 0.01 for a quick run; default 0.1)
  --seed N       random seed (default 1)
  --port N       serve while replaying (default: do not serve)
  --data-dir DIR keep the store here (default: a new temporary directory, removed at the end)
  --keep         keep the temporary store (its path is printed) and, with --port, keep serving
                 after the replay ends (Ctrl-C to stop)
  -h, --help     show this help

Other settings (alerts, SMTP, the public URL, catalogs, …) come from the same environment
variables as \`downwatch serve\`; the store, host and port are the replay's own.
`;

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

export function describeEvent(e: ReplayEvent, names: (slug: string) => string): string {
  if (e.kind === 'statement') return `${hhmm(e.t)}  official  ${e.source}: ${e.text}`;
  return `${hhmm(e.t)}  ${names(e.service).padEnd(12)} ${e.from} → ${e.to}${e.incidentId !== null ? `  (incident #${e.incidentId})` : ''}`;
}

/** Variables `serve` reads that a replay sets itself: its own fresh store, host and port. */
const REPLAY_OWN = new Set(['DATABASE_URL', 'DOWNWATCH_DATA_DIR', 'DOWNWATCH_PORT', 'DOWNWATCH_HOST']);

/** The settings of a replay: those of `serve` from the environment, with the replay's store and address. */
export function replayConfig(env: NodeJS.ProcessEnv, dataDir: string, port: number | undefined): Config {
  const rest = Object.fromEntries(Object.entries(env).filter(([k]) => !REPLAY_OWN.has(k)));
  return loadConfig(rest, {
    dataDir,
    port: port ?? 0,
    host: '127.0.0.1',
    logLevel: env.DOWNWATCH_LOG_LEVEL ?? 'warn',
  });
}

/** Where `--speed` starts to apply: the first outage of the scenario (the scenario's start without one). */
export function pacedFromOf(scenario: Scenario): number | undefined {
  const starts = scenario.incidents.flatMap((i) => i.outages.map((o) => o.start));
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

/**
 * Runs a replay in-process and prints what was detected when. Shared by `replay` and `demo`. A
 * temporary store is removed at the end, also after Ctrl-C or SIGTERM at any point, unless `keepStore`.
 */
export async function runReplay(
  scenario: Scenario,
  io: Io,
  env: NodeJS.ProcessEnv,
  opts: {
    seed: number;
    scale: number;
    speed?: number | undefined;
    pacedFrom?: number | undefined;
    port?: number | undefined;
    dataDir?: string | undefined;
    /** Keep serving after the replay until SIGINT or SIGTERM (needs a port). */
    serveOn?: boolean;
    /** Keep a temporary store instead of removing it. */
    keepStore?: boolean;
  },
): Promise<number> {
  const [first] = generatedSpan(scenario, { warmup: false });
  const clock = new VirtualClock(first);
  const temporary = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'downwatch-replay-'));
  let removed = false;
  const removeStore = () => {
    if (!temporary || removed) return;
    removed = true;
    if (opts.keepStore) io.stderr.write(`Store kept in ${dataDir}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  };
  // The one way out, from the moment the store exists: the first SIGINT or SIGTERM stops the
  // replay (or the serving after it), closes the app and removes the store in `finally`; a second
  // one, should closing hang, removes the store and exits at once.
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy !== undefined) {
      removeStore();
      process.exit(128 + osConstants.signals[signal]);
    }
    stoppedBy = signal;
    stop.abort(new Error(`stopped by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const interrupted = () => (stoppedBy === undefined ? 0 : 128 + osConstants.signals[stoppedBy]);
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(replayConfig(env, dataDir, opts.port), { clock, manualTicks: true, geo: false });
    if (stop.signal.aborted) return interrupted();
    if (opts.port !== undefined) {
      const url = await app.server.listen({ port: opts.port, host: '127.0.0.1' });
      io.stdout.write(`Watch it live: ${url}/  (store: ${dataDir})\n`);
    }
    io.stdout.write(
      `Replaying "${scenario.name}" at scale ${opts.scale}${opts.speed ? `, ${opts.speed} scenario minutes per minute` : ''}…\n`,
    );
    const names = (slug: string) => app?.ctx.catalog.bySlug.get(slug)?.name ?? slug;
    const progress = new Progress(io.stderr, 'replay (minutes)');
    let result: Awaited<ReturnType<typeof replayIntoApp>>;
    try {
      result = await replayIntoApp(app, clock, scenario, {
        ...opts,
        signal: stop.signal,
        onEvent: (e) => io.stdout.write(`${describeEvent(e, names)}\n`),
        onProgress: (done, total) => progress.update(done, `of ${total.toLocaleString('en')}`),
      });
    } catch (e) {
      if (stop.signal.aborted) {
        io.stderr.write(`\nReplay stopped by ${stoppedBy}.\n`);
        return interrupted();
      }
      throw e;
    }
    if (result.skipped.length > 0)
      io.stderr.write(`Not in the catalog, left out: ${result.skipped.join(', ')}\n`);
    io.stdout.write(`\n${result.reports.toLocaleString('en')} reports replayed. Incidents:\n`);
    for (const i of (await app.ctx.incidents.listIncidents({ limit: 50 })).reverse()) {
      io.stdout.write(
        `  #${i.id} ${i.title}: start ${hhmm(i.startedAt)}, detected ${hhmm(i.detectedAt)}, peak ${i.peakRate}/min at ${hhmm(i.peakAt)}, ${i.resolvedAt ? `resolved ${hhmm(i.resolvedAt)}` : 'still open'}\n`,
      );
    }
    io.stdout.write('Ground truth:\n');
    for (const g of groundTruth(scenario))
      io.stdout.write(`  ${names(g.service)}: ${hhmm(g.start)} → ${hhmm(g.end)}\n`);
    if (opts.serveOn && opts.port !== undefined && !stop.signal.aborted) {
      io.stdout.write('Replay done; still serving. Ctrl-C to stop.\n');
      // Stopping a finished replay's server is its ordinary end: status 0, as `serve` does.
      await new Promise<void>((resolve) =>
        stop.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      return 0;
    }
    return interrupted();
  } finally {
    try {
      await app?.close();
    } finally {
      removeStore();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}

const num = (v: string | undefined, name: string, def: number | undefined): number | undefined => {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got "${v}".`);
  return n;
};

export const replay: Command = {
  name: 'replay',
  summary: 'replay a scenario through Downwatch in scenario time',
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        speed: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        keep: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const file = positionals[0];
    if (!file)
      throw new UsageError(
        'Name the scenario file to replay, e.g. scenarios/2024-03-05-meta.yaml; see downwatch replay --help.',
      );
    const scenario = loadScenario(file);
    return runReplay(scenario, io, env, {
      seed: num(values.seed, 'seed', 1)!,
      scale: num(values.scale, 'scale', 0.1)!,
      speed: num(values.speed, 'speed', undefined),
      // As the help says: pacing starts at the outage; the normal hours before it go by at once.
      pacedFrom: pacedFromOf(scenario),
      port: values.port === undefined ? undefined : num(values.port, 'port', 0),
      dataDir: values['data-dir'],
      serveOn: values.keep ?? false,
      keepStore: values.keep ?? false,
    });
  },
};
