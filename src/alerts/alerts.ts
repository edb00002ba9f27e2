import type { Catalog } from '../catalog/catalog.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Clock } from '../shared/time.ts';
import type { Store } from '../store/store.ts';
import type { AlertsContext } from './alerts-context.ts';
import { type Backoff, DEFAULT_BACKOFF } from './backoff.ts';
import { createChannels } from './channels/channels.ts';
import type { Mailer } from './channels/email/email-channel.ts';
import { type AttemptReport, deliverDue } from './delivery-worker.ts';
import { dispatchPending } from './dispatcher.ts';
import type { AlertsStore } from './repo/alerts-store.ts';

export type AlertsOptions = {
  /** The alerts repository: subscriptions, outbox, deliveries (built once by the app). */
  repo: AlertsStore;
  /** Reports by problem, for subscriptions scoped to a category. */
  store: Store;
  incidents: IncidentsRepo;
  catalog: Catalog;
  clock: Clock;
  publicUrl: string;
  smtp?: { url: string; from: string } | undefined;
  /** Use this mailer instead of SMTP (tests). */
  mailer?: Mailer;
  telegramApiUrl: string;
  allowPrivate: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  maxAttempts: number;
  backoff?: Backoff;
  random?: () => number;
  timeoutMs?: number;
  pollMs?: number;
  onAttempt?: (r: AttemptReport) => void;
};

/**
 * The alerts engine of one node: turns incident transitions into queued deliveries and sends them.
 * Every node may run it: the outbox marks and the delivery claims are conditional writes, so each
 * transition is queued once and each delivery sent by one node at a time.
 */
export class Alerts {
  readonly context: AlertsContext;
  readonly #o: AlertsOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #again = false;

  constructor(o: AlertsOptions) {
    this.#o = o;
    this.context = {
      alerts: o.repo,
      catalog: o.catalog,
      channels: createChannels({
        smtp: o.smtp,
        telegramApiUrl: o.telegramApiUrl,
        ...(o.mailer ? { mailer: o.mailer } : {}),
      }),
      clock: o.clock,
      publicUrl: o.publicUrl.replace(/\/+$/, ''),
      policy: { allowPrivate: o.allowPrivate },
    };
  }

  /** One pass: queue deliveries for new timeline rows, then send what is due. */
  async runOnce(): Promise<{ dispatched: number; sent: number }> {
    const o = this.#o;
    const c = this.context;
    const dispatched = await dispatchPending({
      alerts: c.alerts,
      store: o.store,
      incidents: o.incidents,
      catalog: o.catalog,
      now: o.clock.now,
      groupWaitMs: o.groupWaitMs,
      groupIntervalMs: o.groupIntervalMs,
    });
    const sent = await deliverDue({
      alerts: c.alerts,
      incidents: o.incidents,
      catalog: o.catalog,
      channels: c.channels,
      now: o.clock.now,
      random: o.random ?? Math.random,
      publicUrl: c.publicUrl,
      policy: c.policy,
      maxAttempts: o.maxAttempts,
      backoff: o.backoff ?? DEFAULT_BACKOFF,
      timeoutMs: o.timeoutMs ?? 10_000,
      ...(o.onAttempt ? { onAttempt: o.onAttempt } : {}),
    });
    return { dispatched, sent };
  }

  /** Runs a pass now (after an incident changed), or right after the current one. */
  nudge(onError: (e: unknown) => void = () => {}): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.runOnce();
        } while (this.#again);
      } catch (e) {
        onError(e);
      } finally {
        this.#running = undefined;
      }
    })();
  }

  /** Polls every `pollMs` (retries come due without any incident change). */
  start(onError: (e: unknown) => void): void {
    this.#timer = setInterval(() => this.nudge(onError), this.#o.pollMs ?? 1_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
    this.context.channels.close();
  }
}
