import type { Alerts } from '../alerts/alerts.ts';
import type { Config } from '../config/config.ts';
import type { Monitor, MonitorListener } from '../incidents/monitor.ts';
import type { Probes } from '../probes/probes.ts';
import type { Clock } from '../shared/time.ts';
import type { OutsideSources } from '../sources/outside-sources.ts';
import type { StatusSnapshot } from '../status/snapshot.ts';
import type { Coordination } from '../store/coordination.ts';
import type { Store } from '../store/store.ts';
import { startMaintenance } from './maintenance.ts';

/*
 * Which work runs where (ADR 8, ADR 20). Every node takes reports, serves pages, steps the
 * detectors (so every node knows every status), rebuilds its snapshot on notices and delivers
 * alerts (their claims are conditional writes, ADR 9). The leader alone writes incidents, applies
 * retention, runs the node's own probes and streams the outside sources, so none of that is done
 * twice across nodes. This file is the one place that says so.
 */

/** Whether this node does the leader's work now: the monitor's `lead` and retention's guard. */
export const leads = (coordination: Coordination) => (): boolean => coordination.isLeader();

/**
 * The monitor's `onMinute`: tells the other nodes what changed (incidents when this node writes
 * them, else statuses); on the leader, attaches outside events that were waiting for an incident
 * (a withdrawal seen before the reports).
 */
export function afterMinute(coordination: Coordination, sources: OutsideSources): MonitorListener {
  const lead = leads(coordination);
  return (_t, changed) => {
    if (changed) coordination.notify(lead() ? 'incidents' : 'status');
    if (lead()) sources.kick();
  };
}

export type RoleParts = {
  config: Config;
  clock: Clock;
  store: Store;
  coordination: Coordination;
  monitor: Monitor;
  probes: Probes;
  sources: OutsideSources;
  alerts: Alerts;
  snapshot: StatusSnapshot;
  /**
   * false (replays, most tests): the time-driven roles are left to the caller, who ticks the
   * monitor itself; no wall-clock detector, probe scheduler, outside adapters or alert polling.
   */
  wallClock: boolean;
  /** An error handler per role, named for the log ("probes" → "probes failed"). */
  failed: (what: string) => (e: unknown) => void;
};

/** The roles started on this node; `stop` ends them, in the order the app's shutdown needs. */
export type Roles = { stop: () => Promise<void> };

/** Starts this node's roles once the app is built (its snapshot is fresh when this resolves). */
export async function startRoles(p: RoleParts): Promise<Roles> {
  const { coordination, monitor, probes, sources, alerts, snapshot } = p;
  // Every node: the snapshot follows every change (here or on another node); incident changes
  // queue their alerts at once, polling catches retries.
  coordination.onNotice(() => snapshot.markDirty());
  const ticking = p.wallClock ? monitor.start(p.clock.now, p.failed('detector tick')) : { stop: () => {} };
  if (p.wallClock) {
    // Leader: the node's own probes, so no check runs twice across nodes.
    const probeError = p.failed('probes');
    coordination.onLeadership((leader) =>
      leader ? probes.start(probeError) : void probes.stop().catch(probeError),
    );
    // Leader: outside adapters, started the first time this node leads. (Their counts are
    // deduplicated by key, so a node that loses the lead and keeps streaming adds no double counts.)
    let sourcesStarted = false;
    coordination.onLeadership((leader) => {
      if (leader && !sourcesStarted) {
        sourcesStarted = true;
        sources.start();
      }
    });
  }
  const alertError = p.failed('alerts');
  coordination.onNotice((kind) => {
    if (kind === 'incidents') alerts.nudge(alertError);
  });
  if (p.wallClock) alerts.start(alertError);
  await snapshot.refresh();
  snapshot.start(p.failed('status snapshot rebuild'));
  // Leader: retention.
  const maintenance = startMaintenance(
    p.store,
    p.config,
    p.clock,
    p.failed('maintenance'),
    leads(coordination),
  );
  return {
    stop: async () => {
      await probes.stop();
      await sources.stop();
      snapshot.stop();
      ticking.stop();
      maintenance.stop();
      await alerts.stop();
    },
  };
}
