import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { AddressPolicy } from '../../shared/address-guard.ts';
import { Check } from '../check.ts';
import type { ProbeResult, Vantage } from '../result.ts';
import { runCheck } from '../run-check.ts';
import { Scheduler } from '../scheduler.ts';
import { DiskBuffer } from './disk-buffer.ts';

export type AgentOptions = {
  /** The Downwatch server, e.g. https://downwatch.example.com */
  server: string;
  token: string;
  bufferDir: string;
  vantage: Vantage;
  policy: AddressPolicy;
  concurrency?: number;
  /** How often results are written to the buffer and sent (default 2 s). */
  flushMs?: number;
  /** How often the check list is fetched again (default 60 s). */
  refreshMs?: number;
  log?: (line: string) => void;
};

const CHECKS_FILE = 'checks.json';
const CheckList = z.object({ vantage: z.string(), checks: z.array(Check) });
const MAX_BATCH = 2000;

class Refused extends Error {
  readonly status: number;
  constructor(status: number, text: string) {
    super(`the server answered ${status}: ${text.slice(0, 200)}`);
    this.status = status;
  }
}

/**
 * A remote vantage point: fetches its checks from the server (keeping the last list on disk, so it
 * probes on while the server is away), runs them on its own scheduler, writes every batch of results
 * to its disk buffer, and sends the buffer oldest first, deleting a batch only after the server
 * acknowledged it. Authenticated by its agent token; the server may revoke it.
 */
export class Agent {
  readonly #o: Required<Omit<AgentOptions, 'log'>> & { log: (line: string) => void };
  readonly #buffer: DiskBuffer;
  readonly #scheduler: Scheduler;
  #pending: ProbeResult[] = [];
  #stopped = false;
  #wake: (() => void) | undefined;
  readonly #halt = new AbortController();
  #loops: Promise<void>[] = [];
  readonly stats = { produced: 0, sent: 0, duplicates: 0 };

  constructor(opts: AgentOptions) {
    this.#o = { concurrency: 50, flushMs: 2_000, refreshMs: 60_000, log: () => {}, ...opts };
    this.#buffer = new DiskBuffer(opts.bufferDir);
    this.#scheduler = new Scheduler({
      run: (c, signal) => runCheck(c, { policy: this.#o.policy, signal }),
      onResult: (r) => {
        this.stats.produced++;
        this.#pending.push(r);
      },
      concurrency: this.#o.concurrency,
    });
  }

  /** Starts probing and sending; resolves once the first check list is known (from the server or disk). */
  async start(): Promise<void> {
    const cached = CheckList.safeParse(this.#buffer.load(CHECKS_FILE));
    if (cached.success) this.#use(cached.data.checks, 'the last list on disk');
    this.#loops.push(this.#refreshLoop(cached.success), this.#flushLoop(), this.#sendLoop());
    if (!cached.success) await this.#firstList;
  }

  /** Stops probing; writes what is pending to the buffer and tries one last send. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#halt.abort();
    await this.#scheduler.stop();
    this.#flush();
    this.#wake?.();
    this.#resolveFirst();
    await Promise.allSettled(this.#loops);
  }

  #resolveFirst: () => void = () => {};
  #firstList = new Promise<void>((resolve) => {
    this.#resolveFirst = resolve;
  });

  #use(checks: Check[], from: string): void {
    this.#scheduler.setChecks(checks);
    this.#scheduler.start();
    this.#o.log(`running ${checks.length} checks (${from})`);
  }

  async #call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(new URL(path, this.#o.server), {
      method,
      headers: {
        authorization: `Bearer ${this.#o.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Refused(res.status, text);
    return JSON.parse(text);
  }

  async #refreshLoop(haveList: boolean): Promise<void> {
    let backoff = 1_000;
    let have = haveList;
    while (!this.#stopped) {
      try {
        const list = CheckList.parse(await this.#call('GET', '/api/v1/agent/checks'));
        this.#buffer.save(CHECKS_FILE, list);
        this.#use(list.checks, `from the server, as vantage point "${list.vantage}"`);
        have = true;
        this.#resolveFirst();
        backoff = 1_000;
        await this.#sleep(this.#o.refreshMs);
      } catch (e) {
        this.#o.log(`cannot fetch checks: ${describe(e)}${have ? '; probing on with the last list' : ''}`);
        await this.#sleep(backoff);
        backoff = Math.min(30_000, backoff * 2);
      }
    }
  }

  async #flushLoop(): Promise<void> {
    while (!this.#stopped) {
      await this.#sleep(this.#o.flushMs);
      this.#flush();
    }
  }

  #flush(): void {
    while (this.#pending.length > 0) {
      const results = this.#pending.splice(0, MAX_BATCH);
      this.#buffer.write({ vantage: this.#o.vantage, results });
      this.#wake?.();
    }
  }

  async #sendLoop(): Promise<void> {
    let backoff = 1_000;
    let warned = false;
    for (;;) {
      const files = this.#buffer.pending();
      if (files.length === 0) {
        if (this.#stopped) return;
        await this.#pause(this.#o.flushMs * 2);
        continue;
      }
      try {
        for (const f of files) {
          const r = (await this.#call('POST', '/api/v1/agent/results', this.#buffer.read(f))) as {
            accepted: number;
            duplicates: number;
          };
          this.#buffer.remove(f);
          this.stats.sent += r.accepted;
          this.stats.duplicates += r.duplicates;
        }
        if (warned) this.#o.log(`server reachable again; buffer sent`);
        warned = false;
        backoff = 1_000;
      } catch (e) {
        if (e instanceof Refused && e.status === 422 && files[0]) {
          this.#o.log(`the server refused ${files[0]} as malformed; set aside`);
          this.#buffer.reject(files[0]);
          continue;
        }
        if (!warned || e instanceof Refused)
          this.#o.log(
            `cannot send results (${describe(e)}); ${files.length} batch(es) buffered in ${this.#buffer.dir}`,
          );
        warned = true;
        if (this.#stopped) return;
        await this.#pause(backoff);
        backoff = Math.min(30_000, backoff * 2);
      }
    }
  }

  /** Sleeps, cut short by stop(). */
  #sleep(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.#halt.signal }).catch(() => undefined);
  }

  /** The sender's pause: cut short by a new batch or by stop(). */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.#wake = done;
    });
  }
}

function describe(e: unknown): string {
  if (e instanceof Refused) return e.message;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message ?? String(e);
}
