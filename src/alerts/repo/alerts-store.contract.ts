import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IncidentsRepo } from '../../incidents/incidents-repo.ts';
import { incidentsForTests } from '../../incidents/testing/incidents-for-tests.ts';
import type { IncidentService } from '../../incidents/types.ts';
import type { StoreFactory } from '../../store/testing/engines.ts';
import type { NewSubscription, ThreadChange } from '../types.ts';
import { type AlertsStore, alertsStore } from './alerts-store.ts';

const T0 = Date.UTC(2024, 2, 5, 15, 0, 0);

const sub = (over: Partial<NewSubscription> = {}): NewSubscription => ({
  channel: 'webhook',
  target: { kind: 'webhook', url: 'https://hooks.example.com/x' },
  scope: { kind: 'provider', value: 'meta' },
  minSeverity: 'minor',
  quietHours: null,
  timeZone: 'UTC',
  language: 'en',
  state: 'active',
  signingSecret: 'whsec_c2VjcmV0',
  unsubscribeToken: `u-${Math.random().toString(36).slice(2)}`,
  createdAt: T0,
  confirmTokenHash: null,
  ...over,
});

const service = (slug: string, at = T0): IncidentService => ({
  service: slug,
  status: 'major_outage',
  startedAt: at,
  detectedAt: at,
  recoveredAt: null,
  peakAt: at,
  peakRate: 10,
});

/** The one suite the alerts repository passes on every engine. */
export function alertsStoreContract(name: string, factory: StoreFactory): void {
  describe(`alerts store contract: ${name}`, () => {
    let incidents: IncidentsRepo;
    let alerts: AlertsStore;
    let cleanup = async () => {};
    let skip: string | undefined;
    let group = 0;
    before(async () => {
      const made = await factory();
      if ('skip' in made) skip = made.skip;
      else {
        cleanup = made.cleanup;
        // The outbox reads the incidents' timeline, so the suite writes incidents too.
        incidents = incidentsForTests(made.sql);
        alerts = alertsStore(made.sql);
      }
    });
    after(async () => {
      if (!skip) await cleanup();
    });
    const it = (title: string, fn: () => Promise<void>) =>
      test(title, async (t) => {
        if (skip) return t.skip(skip);
        await fn();
      });
    /** Opens an incident (its timeline row is the outbox) and hands back its id. */
    const openIncident = async (slug = 'facebook') => {
      group += 1;
      const id = await incidents.openIncident(
        {
          groupKey: `g${group}`,
          title: 'Problems',
          impact: 'critical',
          startedAt: T0,
          detectedAt: T0,
          peakRate: 10,
        },
        service(slug),
        { at: T0, kind: 'opened', service: slug, message: 'down' },
      );
      assert.ok(id);
      return id;
    };
    const change = (subscriptionId: number, event: number, dueAt = T0): ThreadChange => ({
      subscriptionId,
      channel: 'webhook',
      transition: { event, kind: 'opened', at: T0, service: 'facebook' },
      state: 'firing',
      dueAt,
    });
    /** Handles every pending row with `decide`; returns what was enqueued. */
    const drain = async (decide: (event: number) => ThreadChange[]) => {
      const out: ThreadChange[] = [];
      for (const e of await alerts.pendingEvents(100)) {
        const r = await alerts.handleEvent(e, T0, () => decide(e.id));
        if (r) out.push(...r);
      }
      return out;
    };

    it('keeps subscriptions with their secrets, lists newest first, filters by state', async () => {
      const a = await alerts.insertSubscription(sub());
      const b = await alerts.insertSubscription(sub({ state: 'pending', confirmTokenHash: 'hash-b' }));
      const got = await alerts.getSubscription(a);
      assert.equal(got?.signingSecret, 'whsec_c2VjcmV0');
      assert.deepEqual(got?.target, { kind: 'webhook', url: 'https://hooks.example.com/x' });
      assert.deepEqual(got?.scope, { kind: 'provider', value: 'meta' });
      assert.equal(got?.confirmedAt, T0);
      const pending = await alerts.listSubscriptions({ state: 'pending', limit: 10 });
      assert.ok(pending.some((s) => s.id === b));
      assert.ok(pending.every((s) => s.state === 'pending'));
      const all = await alerts.listSubscriptions({ limit: 2 });
      assert.ok(all[0]!.id > all[1]!.id);
    });

    it('confirms a pending subscription once, with its token', async () => {
      const id = await alerts.insertSubscription(
        sub({
          channel: 'email',
          state: 'pending',
          confirmTokenHash: 'hash-c',
          quietHours: { from: 1320, to: 420 },
        }),
      );
      assert.equal(
        (await alerts.activeSubscriptions()).some((s) => s.id === id),
        false,
      );
      const asked = await alerts.findPendingByConfirmToken('hash-c');
      assert.equal(asked?.id, id, 'the confirm page finds it');
      assert.equal(asked?.state, 'pending', 'and finding it confirms nothing');
      assert.equal(await alerts.findPendingByConfirmToken('hash-x'), undefined);
      const ok = await alerts.confirmSubscription('hash-c', T0 + 1);
      assert.equal(ok?.id, id);
      assert.equal(ok?.state, 'active');
      assert.deepEqual(ok?.quietHours, { from: 1320, to: 420 });
      assert.equal(await alerts.confirmSubscription('hash-c', T0 + 2), undefined);
      assert.equal(await alerts.findPendingByConfirmToken('hash-c'), undefined, 'a used link finds nothing');
      assert.ok((await alerts.activeSubscriptions()).some((s) => s.id === id));
    });

    it('hands each timeline row out until handled, then never again (exactly once)', async () => {
      const s = await alerts.insertSubscription(sub());
      const incident = await openIncident();
      const [event] = (await alerts.pendingEvents(100)).filter((e) => e.incidentId === incident);
      assert.ok(event);
      assert.equal(event.kind, 'opened');
      assert.equal(event.service, 'facebook');
      const first = await alerts.handleEvent(event, T0, () => [change(s, event.id)]);
      assert.equal(first?.length, 1);
      assert.equal(await alerts.handleEvent(event, T0, () => [change(s, event.id)]), null);
      assert.equal((await alerts.pendingEvents(100)).length, 0);
      const log = await alerts.listDeliveries({ incidentId: incident, limit: 10 });
      assert.equal(log.length, 1);
      assert.equal(log[0]!.idempotencyKey, `${event.id}:${s}`);
      assert.equal(log[0]!.state, 'pending');
    });

    it('gives decide the thread of each subscription, and folds into a delivery not tried yet', async () => {
      const s = await alerts.insertSubscription(sub());
      const incident = await openIncident();
      await drain((e) => [change(s, e)]);
      await incidents.updateIncident(
        incident,
        {
          title: 'Meta',
          impact: 'critical',
          status: 'investigating',
          peakAt: T0,
          peakRate: 20,
          updatedAt: T0,
        },
        [service('instagram')],
        [{ at: T0 + 1, kind: 'service_added', service: 'instagram', message: 'instagram too' }],
      );
      await drain((e) => [
        {
          ...change(s, e),
          transition: { event: e, kind: 'service_added', at: T0 + 1, service: 'instagram' },
        },
      ]);
      const log = await alerts.listDeliveries({ incidentId: incident, limit: 10 });
      assert.equal(log.length, 1, 'one message for both transitions');
      assert.deepEqual(
        log[0]!.transitions.map((t) => t.kind),
        ['opened', 'service_added'],
      );
      // The next decision sees the thread.
      await incidents.addIncidentEvent(incident, {
        at: T0 + 3,
        kind: 'escalated',
        service: 'facebook',
        message: 'y',
      });
      const [e3] = await alerts.pendingEvents(100);
      let threads = new Map<number, { state: string; lastDueAt: number }>();
      await alerts.handleEvent(e3!, T0, (t) => {
        threads = t;
        return [];
      });
      assert.equal(threads.get(s)?.state, 'firing');
      assert.equal(threads.get(s)?.lastDueAt, T0);
    });

    it('claims a delivery once; a claimed delivery takes no more transitions', async () => {
      const s = await alerts.insertSubscription(sub());
      const incident = await openIncident();
      await drain((e) => [change(s, e)]);
      const [d] = await alerts.listDeliveries({ incidentId: incident, limit: 1 });
      assert.deepEqual(await alerts.dueDeliveries(T0 - 1, 100), []);
      assert.ok((await alerts.dueDeliveries(T0, 100)).includes(d!.id));
      const claims = await Promise.all([
        alerts.claimDelivery(d!.id, T0, T0 + 60_000),
        alerts.claimDelivery(d!.id, T0, T0 + 60_000),
      ]);
      assert.equal(claims.filter(Boolean).length, 1, 'exactly one claim wins');
      assert.equal(claims.find(Boolean)?.attempts, 1);
      await incidents.addIncidentEvent(incident, { at: T0 + 1, kind: 'resolved', message: 'ok' });
      await drain((e) => [
        { ...change(s, e), transition: { event: e, kind: 'resolved', at: T0 + 1, service: null } },
      ]);
      const log = await alerts.listDeliveries({ incidentId: incident, limit: 10 });
      assert.equal(log.length, 2, 'the resolve went into a new delivery');
    });

    it('records attempts; retries wait; a lost lease can be claimed again; stale claims cannot finish', async () => {
      const s = await alerts.insertSubscription(sub({ channel: 'slack' }));
      const incident = await openIncident();
      await drain((e) => [{ ...change(s, e), channel: 'slack' }]);
      const [d] = await alerts.listDeliveries({ incidentId: incident, limit: 1 });
      const c1 = await alerts.claimDelivery(d!.id, T0, T0 + 1000);
      assert.ok(c1);
      const attempt = { at: T0 + 10, ok: false, statusCode: 500, error: 'HTTP 500', durationMs: 3 };
      assert.ok(await alerts.finishAttempt(d!.id, 1, attempt, { state: 'pending', dueAt: T0 + 5000 }));
      assert.equal((await alerts.dueDeliveries(T0 + 4999, 100)).includes(d!.id), false);
      const c2 = await alerts.claimDelivery(d!.id, T0 + 5000, T0 + 6000);
      assert.equal(c2?.attempts, 2);
      // This node stalls past its lease; another claims the delivery and sends it.
      const c3 = await alerts.claimDelivery(d!.id, T0 + 6001, T0 + 7000);
      assert.equal(c3?.attempts, 3);
      assert.equal(
        await alerts.finishAttempt(d!.id, 2, { ...attempt, at: T0 + 6500 }, { state: 'dead' }),
        false,
        'the stale claim cannot overwrite',
      );
      const sent = { at: T0 + 6600, ok: true, statusCode: 200, error: null, durationMs: 4 };
      assert.ok(await alerts.finishAttempt(d!.id, 3, sent, { state: 'sent' }));
      const got = await alerts.getDelivery(d!.id);
      assert.equal(got?.delivery.state, 'sent');
      assert.equal(got?.delivery.finishedAt, T0 + 6600);
      assert.deepEqual(
        got?.attempts.map((a) => [a.ok, a.statusCode]),
        [
          [false, 500],
          [false, 500],
          [true, 200],
        ],
      );
      const depth = await alerts.queueDepth();
      assert.equal(depth.find((x) => x.channel === 'slack')?.n ?? 0, 0);
    });

    it('keeps the dead letter with its reason, and can put it back', async () => {
      const s = await alerts.insertSubscription(sub({ channel: 'discord' }));
      const incident = await openIncident();
      await drain((e) => [{ ...change(s, e), channel: 'discord' }]);
      const [d] = await alerts.listDeliveries({ incidentId: incident, limit: 1 });
      await alerts.claimDelivery(d!.id, T0, T0 + 1000);
      const a = { at: T0 + 1, ok: false, statusCode: 404, error: 'HTTP 404: unknown webhook', durationMs: 1 };
      await alerts.finishAttempt(d!.id, 1, a, { state: 'dead' });
      const dead = await alerts.listDeliveries({ state: 'dead', subscriptionId: s, limit: 10 });
      assert.equal(dead.length, 1);
      assert.equal(dead[0]!.lastError, 'HTTP 404: unknown webhook');
      assert.ok(await alerts.requeueDelivery(d!.id, T0 + 2));
      const again = await alerts.getDelivery(d!.id);
      assert.equal(again?.delivery.state, 'pending');
      assert.equal(again?.delivery.attempts, 0);
    });

    it('unsubscribing by token ends it once and cancels what was not sent', async () => {
      const s = await alerts.insertSubscription(sub({ unsubscribeToken: 'tok-1' }));
      const incident = await openIncident();
      await drain((e) => [change(s, e)]);
      assert.equal((await alerts.findByUnsubscribeToken('tok-1'))?.id, s);
      const ended = await alerts.endSubscription({ token: 'tok-1' }, T0 + 5);
      assert.equal(ended?.state, 'unsubscribed');
      assert.equal(await alerts.endSubscription({ token: 'tok-1' }, T0 + 6), undefined);
      const [d] = await alerts.listDeliveries({ incidentId: incident, limit: 1 });
      assert.equal(d?.state, 'cancelled');
      assert.equal(await alerts.setSigningSecret(s, 'whsec_new'), false);
    });
  });
}
