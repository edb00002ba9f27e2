import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Values read at scrape time; the app points these at its parts. */
export type MetricSources = {
  /** Services per status from the detector's latest verdicts. */
  servicesByStatus: () => Record<string, number>;
  openIncidents: () => number;
  /** Deliveries waiting or in flight, per channel and state (one store query per scrape). */
  alertQueue: () => Promise<{ channel: string; state: string; n: number }[]>;
};

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Downwatch's Prometheus metrics: intake, detector, alert deliveries and probes, plus Node's own.
 * One registry per app (no global state); domain code never imports this — the app wires the
 * events it already exposes (commit results, minute ticks, delivery attempts) to these instruments.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly reports: Counter<'outcome'>;
  readonly reportsRejected: Counter<'reason'>;
  readonly commitBatch: Histogram;
  readonly commitSeconds: Histogram;
  readonly detectorTicks: Counter;
  readonly detectorTickSeconds: Histogram;
  readonly deliveries: Counter<'channel' | 'outcome'>;
  readonly deliverySeconds: Histogram<'channel'>;
  /** For the probes: one check's outcome and duration. */
  readonly probeChecks: Counter<'service' | 'vantage' | 'outcome'>;
  readonly probeSeconds: Histogram<'service' | 'vantage'>;
  readonly probeUp: Gauge<'service' | 'target' | 'vantage'>;
  sources: MetricSources = {
    servicesByStatus: () => ({}),
    openIncidents: () => 0,
    alertQueue: async () => [],
  };

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) {
      collectDefaultMetrics({ register: this.registry });
      // Gauges named like counters (promtool flags them); the per-type gauges without _total remain.
      for (const name of [
        'nodejs_active_handles_total',
        'nodejs_active_requests_total',
        'nodejs_active_resources_total',
      ])
        this.registry.removeSingleMetric(name);
    }
    this.reports = new Counter({
      name: 'downwatch_reports_total',
      help: 'Reports committed by intake, by outcome: counted, or a repeat of the same person in the window',
      labelNames: ['outcome'],
      registers,
    });
    this.reportsRejected = new Counter({
      name: 'downwatch_reports_rejected_total',
      help: 'Report submissions refused, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.commitBatch = new Histogram({
      name: 'downwatch_intake_commit_batch_reports',
      help: 'Reports per group commit',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'downwatch_intake_commit_duration_seconds',
      help: 'Time to commit one batch of reports durably',
      buckets: SECONDS,
      registers,
    });
    this.detectorTicks = new Counter({
      name: 'downwatch_detector_ticks_total',
      help: 'Minutes the detector has processed',
      registers,
    });
    this.detectorTickSeconds = new Histogram({
      name: 'downwatch_detector_tick_duration_seconds',
      help: 'Time to process one minute: read activity, step every detector, apply incident changes',
      buckets: SECONDS,
      registers,
    });
    const sources = () => this.sources;
    new Gauge({
      name: 'downwatch_services',
      help: 'Services by current status',
      labelNames: ['status'],
      registers,
      collect() {
        this.reset();
        for (const [status, n] of Object.entries(sources().servicesByStatus())) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'downwatch_incidents_open',
      help: 'Incidents not yet resolved',
      registers,
      collect() {
        this.set(sources().openIncidents());
      },
    });
    this.deliveries = new Counter({
      name: 'downwatch_alert_deliveries_total',
      help: 'Alert delivery attempts by channel and outcome: sent, retry (failed, will retry), dead (dead letter)',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.deliverySeconds = new Histogram({
      name: 'downwatch_alert_delivery_duration_seconds',
      help: 'Time of one delivery attempt, by channel',
      labelNames: ['channel'],
      buckets: SECONDS,
      registers,
    });
    new Gauge({
      name: 'downwatch_alert_queue_deliveries',
      help: 'Alert deliveries waiting (pending) or in flight (sending), by channel',
      labelNames: ['channel', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const r of await sources().alertQueue()) this.set({ channel: r.channel, state: r.state }, r.n);
      },
    });
    this.probeChecks = new Counter({
      name: 'downwatch_probe_checks_total',
      help: 'Probe checks by service, vantage point and outcome (up, down, error)',
      labelNames: ['service', 'vantage', 'outcome'],
      registers,
    });
    this.probeSeconds = new Histogram({
      name: 'downwatch_probe_duration_seconds',
      help: 'Time of one probe check',
      labelNames: ['service', 'vantage'],
      buckets: SECONDS,
      registers,
    });
    this.probeUp = new Gauge({
      name: 'downwatch_probe_up',
      help: 'Whether the last check of a probe target succeeded (1) or not (0)',
      labelNames: ['service', 'target', 'vantage'],
      registers,
    });
  }

  /** One probe result (for the probes engine to call). */
  observeProbe(p: {
    service: string;
    target: string;
    vantage: string;
    ok: boolean;
    error?: boolean;
    seconds: number;
  }): void {
    const outcome = p.error ? 'error' : p.ok ? 'up' : 'down';
    this.probeChecks.inc({ service: p.service, vantage: p.vantage, outcome });
    this.probeSeconds.observe({ service: p.service, vantage: p.vantage }, p.seconds);
    this.probeUp.set({ service: p.service, target: p.target, vantage: p.vantage }, p.ok ? 1 : 0);
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
