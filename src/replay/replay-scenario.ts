import { setTimeout as sleep, setImmediate as yieldToEvents } from 'node:timers/promises';
import type { App } from '../app/create-app.ts';
import { generate, generatedSpan, scenarioKeys } from '../scenarios/generate.ts';
import { probeResultsAt } from '../scenarios/probes.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { ServiceState } from '../shared/status-vocabulary.ts';
import { MINUTE } from '../shared/time.ts';
import { OutsideReplay } from './replay-outside.ts';
import { ScenarioReports } from './scenario-reports.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** Something worth printing: a status change or an official statement. */
export type ReplayEvent =
  | {
      kind: 'status';
      t: number;
      service: string;
      from: ServiceState;
      to: ServiceState;
      incidentId: number | null;
    }
  | { kind: 'statement'; t: number; source: string; text: string };

export type ReplayIntoAppOptions = {
  seed: number;
  scale: number;
  /** Scenario minutes per real minute from `pacedFrom` on (undefined: as fast as possible). */
  speed?: number;
  /** Scenario time from which `speed` applies (default: the start). */
  pacedFrom?: number;
  onEvent?: (e: ReplayEvent) => void;
  onProgress?: (done: number, total: number) => void;
  /** Stops the replay between minutes (it rejects with the signal's reason), e.g. on Ctrl-C. */
  signal?: AbortSignal;
};

/**
 * Replays a scenario through a running app in scenario time: warm-up days train the detectors in
 * memory; every evaluated minute is written as reports to the store, then the monitor ticks and the
 * snapshot is marked dirty — exactly what live traffic would do, minute by minute.
 * The app must have been created with `manualTicks` and this virtual clock.
 */
export async function replayIntoApp(
  app: App,
  clock: VirtualClock,
  scenario: Scenario,
  opts: ReplayIntoAppOptions,
): Promise<{ reports: number; skipped: string[] }> {
  const { store } = app.ctx;
  const monitor = app.ctx.monitor;
  const convert = new ScenarioReports(app.ctx.catalog, scenarioKeys(scenario));
  const [first, last] = generatedSpan(scenario);
  const total = (last - first) / MINUTE;
  const slugs = app.ctx.catalog.services.map((s) => s.slug);
  const before = new Map(slugs.map((s) => [s, monitor.statusOf(s)]));
  // Routing, posts and statements go through the outside-source adapters (see replay-outside.ts).
  const outside = new OutsideReplay(
    app.sources,
    app.ctx.catalog,
    scenario,
    opts.seed,
    generatedSpan(scenario, { warmup: false }),
  );
  let reports = 0;
  let done = 0;
  for (const frame of generate(scenario, { seed: opts.seed, scale: opts.scale })) {
    opts.signal?.throwIfAborted();
    done++;
    if (done % 1440 === 0) {
      opts.onProgress?.(done, total);
      // Warm-up minutes never await: without this, Ctrl-C would wait for the whole warm-up.
      await yieldToEvents();
    }
    if (frame.warmup) {
      monitor.train(frame.t, convert.activity(frame));
      continue;
    }
    const started = Date.now();
    const batch = convert.reports(frame);
    for (let i = 0; i < batch.length; i += 5000) await store.appendReports(batch.slice(i, i + 5000));
    reports += batch.length;
    // The scenario's probe results go through the same ingestion as agents' (one batch per vantage point).
    for (const [vantage, results] of probeResultsAt(scenario, frame.t))
      await app.ctx.probes.ingest(vantage, results);
    await outside.minute(frame.t);
    clock.set(frame.t + MINUTE);
    await monitor.tick(frame.t);
    app.ctx.snapshot.markDirty();
    const open = new Map(
      (await app.ctx.incidents.openIncidents()).flatMap((i) =>
        i.services.map((s) => [s.service, i.id] as const),
      ),
    );
    for (const slug of slugs) {
      const now = monitor.statusOf(slug);
      if (now !== before.get(slug))
        opts.onEvent?.({
          kind: 'status',
          t: frame.t,
          service: slug,
          from: before.get(slug)!,
          to: now,
          incidentId: open.get(slug) ?? null,
        });
      before.set(slug, now);
    }
    for (const s of frame.statements) {
      await outside.statement(s);
      opts.onEvent?.({ kind: 'statement', t: s.at, source: s.source, text: s.text });
    }
    // Outside events (withdrawals, statements, post surges) join the incident they belong to.
    await app.sources.link(frame.t + MINUTE);
    if (opts.speed && frame.t >= (opts.pacedFrom ?? first)) {
      const wait = MINUTE / opts.speed - (Date.now() - started);
      if (wait > 0) await sleep(wait, undefined, { signal: opts.signal });
    }
  }
  opts.onProgress?.(total, total);
  return { reports, skipped: convert.skipped };
}
