import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../app/create-app.ts';
import { loadConfig } from '../config/config.ts';
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
  --speed N      scenario minutes per real minute once the outage window starts (default: max)
  --scale S      multiply report volumes (1 = as documented; 0.1, 0.01 for a quick run; default 0.1)
  --seed N       random seed (default 1)
  --port N       serve while replaying (default: do not serve)
  --data-dir DIR keep the store here (default: a new temporary directory)
  --keep         keep serving after the replay ends (Ctrl-C to stop)
  -h, --help     show this help
`;

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

export function describeEvent(e: ReplayEvent, names: (slug: string) => string): string {
  if (e.kind === 'statement') return `${hhmm(e.t)}  official  ${e.source}: ${e.text}`;
  return `${hhmm(e.t)}  ${names(e.service).padEnd(12)} ${e.from} → ${e.to}${e.incidentId !== null ? `  (incident #${e.incidentId})` : ''}`;
}

/** Runs a replay in-process and prints what was detected when. Shared by `replay` and `demo`. */
export async function runReplay(
  scenario: Scenario,
  io: Io,
  opts: {
    seed: number;
    scale: number;
    speed?: number | undefined;
    pacedFrom?: number | undefined;
    port?: number | undefined;
    dataDir?: string | undefined;
    keep?: boolean;
  },
): Promise<number> {
  const [first] = generatedSpan(scenario, { warmup: false });
  const clock = new VirtualClock(first);
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'downwatch-replay-'));
  const config = loadConfig({}, { dataDir, port: opts.port ?? 0, host: '127.0.0.1', logLevel: 'warn' });
  const app = await createApp(config, { clock, manualTicks: true, geo: false });
  try {
    if (opts.port !== undefined) {
      const url = await app.server.listen({ port: opts.port, host: '127.0.0.1' });
      io.stdout.write(`Watch it live: ${url}/  (store: ${dataDir})\n`);
    }
    io.stdout.write(
      `Replaying "${scenario.name}" at scale ${opts.scale}${opts.speed ? `, ${opts.speed} scenario minutes per minute` : ''}…\n`,
    );
    const names = (slug: string) => app.ctx.catalog.bySlug.get(slug)?.name ?? slug;
    const progress = new Progress(io.stderr, 'replay (minutes)');
    const result = await replayIntoApp(app, clock, scenario, {
      ...opts,
      onEvent: (e) => io.stdout.write(`${describeEvent(e, names)}\n`),
      onProgress: (done, total) => progress.update(done, `of ${total.toLocaleString('en')}`),
    });
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
    if (opts.keep && opts.port !== undefined) {
      io.stdout.write('Replay done; still serving. Ctrl-C to stop.\n');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return 0;
  } finally {
    await app.close();
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
  async run(args, io) {
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
    return runReplay(scenario, io, {
      seed: num(values.seed, 'seed', 1)!,
      scale: num(values.scale, 'scale', 0.1)!,
      speed: num(values.speed, 'speed', undefined),
      port: values.port === undefined ? undefined : num(values.port, 'port', 0),
      dataDir: values['data-dir'],
      keep: values.keep ?? false,
    });
  },
};
