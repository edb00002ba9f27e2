import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { AddressPolicy } from '../shared/address-guard.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Clock } from '../shared/time.ts';
import { parseOrThrow } from '../shared/zod-issues.ts';
import { checkAgentScope } from './agent-scope.ts';
import {
  type AgentInfo,
  agentInfo,
  authenticateAgent,
  createAgent,
  LOCAL_VANTAGE,
  type NewAgent,
  revokeAgent,
  rotateAgentToken,
} from './agents.ts';
import { type Check, CONTROL } from './check.ts';
import { IncidentEvidence } from './incident-evidence.ts';
import { ProbeWatch } from './probe-watch.ts';
import type { AgentRecord, ProbeRepo, StoredProbeResult } from './repo/probe-repo.ts';
import { type ProbeResult, ResultBatch } from './result.ts';
import { runCheck } from './run-check.ts';
import { Scheduler } from './scheduler.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

export type ProbesOptions = {
  /** What the server probes itself (vantage "local") and hands to agents. */
  checks: Check[];
  policy: AddressPolicy;
  concurrency: number;
  /** Raw results are kept this long; per-minute signals `signalRetentionDays`. */
  retentionDays: number;
  signalRetentionDays: number;
  clock: Clock;
};

export const IngestResult = z
  .object({
    accepted: z.number().int().describe('New results, now counted'),
    duplicates: z.number().int().describe('Results already received (a resend): not counted again'),
    rejected: z.number().int().describe('Results for unknown services, or too old or in the future'),
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.infer<typeof IngestResult>;

export const ServiceProbes = z
  .object({
    service: z.string(),
    verdict: z
      .object({
        state: z.enum(['up', 'down', 'unknown']),
        layer: z.string().nullable(),
        code: z.string().nullable(),
        failing: z.number().int(),
        reachable: z.number().int(),
        excluded: z.number().int(),
        since: z.iso.datetime().nullable(),
        text: z.string(),
        minute: z.iso.datetime(),
      })
      .nullable()
      .describe('The quorum verdict of the last evaluated minute (null when nothing probes the service)'),
    vantages: z.array(
      z.object({
        vantage: z.string(),
        country: z.string().nullable(),
        network: z.string().nullable(),
        reachable: z
          .boolean()
          .nullable()
          .describe('False when its control targets failed; null when not judged'),
        checks: z.array(
          z.object({
            check: z.string(),
            kind: z.string(),
            at: z.iso.datetime(),
            ok: z.boolean(),
            layer: z.string().nullable(),
            code: z.string().nullable(),
            message: z.string().nullable(),
            ms: z.number(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'ServiceProbes' });
export type ServiceProbes = z.infer<typeof ServiceProbes>;

/** A probe result as the repository stores it. */
export const toStored = (r: ProbeResult): StoredProbeResult => ({
  id: r.id,
  check: r.check,
  service: r.service,
  kind: r.kind,
  at: r.at,
  ok: r.ok,
  layer: r.layer,
  code: r.code,
  message: r.message,
  attempts: r.attempts,
  ms: r.timings.total,
  detail: { timings: r.timings, facts: r.facts },
});

/**
 * The probes domain, composed once by the app: the checks, the server's own vantage point
 * ("local": a scheduler whose results go through the same ingestion as agents'), agents and their
 * tokens, ingestion, the minute-by-minute quorum verdicts and the incident hook.
 */
export class Probes {
  readonly repo: ProbeRepo;
  readonly watch: ProbeWatch;
  readonly evidence: IncidentEvidence;
  readonly checks: Check[];
  readonly #catalog: Catalog;
  readonly #o: ProbesOptions;
  #scheduler: Scheduler | undefined;
  #pending: ProbeResult[] = [];
  #flushing: Promise<void> = Promise.resolve();
  #timers: NodeJS.Timeout[] = [];

  constructor(repo: ProbeRepo, incidents: IncidentsRepo, catalog: Catalog, opts: ProbesOptions) {
    this.repo = repo;
    this.watch = new ProbeWatch(this.repo);
    this.evidence = new IncidentEvidence(this.watch, incidents, (s) => catalog.bySlug.get(s)?.name ?? s);
    this.checks = opts.checks;
    this.#catalog = catalog;
    this.#o = opts;
  }

  /** Stores results from one vantage point: idempotent by result id; unknown services and stale results are refused. */
  async ingest(vantage: string, results: ProbeResult[]): Promise<IngestResult> {
    const now = this.#o.clock.now();
    const fresh = results.filter(
      (r) =>
        (r.service === CONTROL || this.#catalog.bySlug.has(r.service)) &&
        r.at <= now + 5 * MINUTE &&
        r.at >= now - this.#o.retentionDays * DAY,
    );
    if (fresh.length === 0) return { accepted: 0, duplicates: 0, rejected: results.length };
    const { accepted, duplicates } = await this.repo.appendResults(vantage, fresh.map(toStored), now);
    return { accepted, duplicates, rejected: results.length - fresh.length };
  }

  /**
   * An agent's batch: its token is checked first, then the body, then its scope (agent-scope.ts);
   * a batch out of scope is refused whole and nothing of it is stored. What the agent says about
   * itself is recorded once the batch is accepted.
   */
  async receive(authorization: string | undefined, body: unknown): Promise<IngestResult> {
    const agent = await authenticateAgent(this.repo, authorization);
    const batch = parseOrThrow(ResultBatch, body, 'result batch');
    const now = this.#o.clock.now();
    checkAgentScope(agent, this.checks, batch, now);
    await this.repo.touchAgent(agent.id, now, batch.vantage);
    return this.ingest(agent.name, batch.results);
  }

  /** The checks an agent runs (the same set as the server's own). */
  async checksFor(authorization: string | undefined): Promise<{ vantage: string; checks: Check[] }> {
    const agent = await authenticateAgent(this.repo, authorization);
    return { vantage: agent.name, checks: this.checks };
  }

  createAgent(input: NewAgent): Promise<{ agent: AgentInfo; token: string }> {
    return createAgent(this.repo, input, this.#o.clock.now());
  }

  rotateAgentToken(id: number): Promise<{ agent: AgentInfo; token: string }> {
    return rotateAgentToken(this.repo, id);
  }

  revokeAgent(id: number): Promise<AgentInfo> {
    return revokeAgent(this.repo, id, this.#o.clock.now());
  }

  async listAgents(): Promise<AgentInfo[]> {
    return (await this.repo.listAgents()).map(agentInfo);
  }

  /** The latest result of each check from each vantage point (last 15 minutes) and the quorum verdict. */
  async serviceProbes(slug: string): Promise<ServiceProbes> {
    if (!this.#catalog.bySlug.has(slug))
      throw new NotFoundError(`There is no service "${slug}" in the catalog.`, 'slug');
    const now = this.#o.clock.now();
    const [latest, agents] = await Promise.all([
      this.repo.latest(slug, now - 15 * MINUTE),
      this.repo.listAgents(),
    ]);
    const byName = new Map<string, AgentRecord>(agents.map((a) => [a.name, a]));
    const reach = new Map(this.watch.vantages().map((v) => [v.vantage, v.reachable]));
    const vantages = new Map<string, ServiceProbes['vantages'][number]>();
    for (const r of latest) {
      let v = vantages.get(r.vantage);
      if (!v) {
        const a = byName.get(r.vantage);
        const said = a?.reported ?? {};
        v = {
          vantage: r.vantage,
          country: a?.country ?? (typeof said.country === 'string' ? said.country : null),
          network: a?.network ?? (typeof said.network === 'string' ? said.network : null),
          reachable: reach.get(r.vantage) ?? null,
          checks: [],
        };
        vantages.set(r.vantage, v);
      }
      v.checks.push({
        check: r.check,
        kind: r.kind,
        at: new Date(r.at).toISOString(),
        ok: r.ok,
        layer: r.layer,
        code: r.code,
        message: r.message,
        ms: r.ms,
      });
    }
    const w = this.watch.reachabilityOf(slug);
    return {
      service: slug,
      verdict: w
        ? {
            state: w.state,
            layer: w.layer,
            code: w.code,
            failing: w.failing,
            reachable: w.reachable,
            excluded: w.excluded,
            since: w.since === null ? null : new Date(w.since).toISOString(),
            text: w.text,
            minute: new Date(w.t).toISOString(),
          }
        : null,
      vantages: [...vantages.values()].sort((a, b) => a.vantage.localeCompare(b.vantage)),
    };
  }

  /** Starts the server's own vantage point (when there are checks) and the hourly clean-up. */
  start(onError: (e: unknown) => void): void {
    if (this.checks.length > 0) {
      this.#scheduler = new Scheduler({
        run: (c, signal) => runCheck(c, { policy: this.#o.policy, signal, now: this.#o.clock.now }),
        onResult: (r) => {
          this.#pending.push(r);
          if (this.#pending.length >= 500) this.flush().catch(onError);
        },
        concurrency: this.#o.concurrency,
      });
      this.#scheduler.setChecks(this.checks);
      this.#scheduler.start();
      this.#timers.push(setInterval(() => this.flush().catch(onError), 1_000));
    }
    const prune = () => {
      const now = this.#o.clock.now();
      this.repo
        .prune(now - this.#o.retentionDays * DAY, now - this.#o.signalRetentionDays * DAY)
        .catch(onError);
    };
    this.#timers.push(setInterval(prune, 3_600_000));
    for (const t of this.#timers) t.unref();
  }

  /** Stores the local vantage point's pending results. */
  flush(): Promise<void> {
    const run = this.#flushing.then(async () => {
      const batch = this.#pending.splice(0);
      if (batch.length > 0) await this.ingest(LOCAL_VANTAGE, batch);
    });
    this.#flushing = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    await this.#scheduler?.stop();
    await this.flush();
  }
}
