import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { engineTests } from '../../store/testing/engine-tests.ts';
/** How a contract run gets a fresh, migrated store — or why it is skipped. */
import type { StoreFactory as RepoFactory } from '../../store/testing/engines.ts';
import { ProbeRepo, type StoredProbeResult } from './probe-repo.ts';

const T0 = Date.UTC(2021, 9, 4, 15, 50, 0);
const MINUTE = 60_000;

const result = (id: string, over: Partial<StoredProbeResult> = {}): StoredProbeResult => ({
  id,
  check: 'facebook-dns',
  service: 'facebook',
  kind: 'dns',
  at: T0 + 5_000,
  ok: false,
  layer: 'dns',
  code: 'SERVFAIL',
  message: 'facebook.com A: answered SERVFAIL',
  attempts: 1,
  ms: 12.5,
  detail: { timings: { dns: 12.5, total: 12.5 }, facts: { RCODE: 'SERVFAIL' } },
  ...over,
});

/** The probe repository behaves the same on every engine. */
export function probeRepoContract(name: string, factory: RepoFactory): void {
  describe(`probe repository: ${name}`, () => {
    let repo: ProbeRepo;
    const it = engineTests(factory, (made) => {
      repo = new ProbeRepo(made.sql);
    });

    it('counts each result once per vantage point, however often the batch is sent', async () => {
      const batch = [
        result('r-000001'),
        result('r-000002'),
        result('r-000003', { ok: true, layer: null, code: null }),
      ];
      assert.deepEqual(await repo.appendResults('ams', batch, T0), { accepted: 3, duplicates: 0 });
      assert.deepEqual(await repo.appendResults('ams', [...batch, result('r-000004')], T0), {
        accepted: 1,
        duplicates: 3,
      });
      // The same id from another vantage point is another result.
      assert.deepEqual(await repo.appendResults('fra', [result('r-000001')], T0), {
        accepted: 1,
        duplicates: 0,
      });
      assert.deepEqual(await repo.counts('ams'), { results: 4, signals: 4 });
      const minutes = await repo.minutes(T0, T0 + MINUTE);
      const ams = minutes
        .filter((m) => m.vantage === 'ams')
        .sort((a, b) => a.outcome.localeCompare(b.outcome));
      assert.deepEqual(
        ams.map((m) => [m.minute, m.service, m.kind, m.outcome, m.results]),
        [
          [T0, 'facebook', 'dns', 'dns:SERVFAIL', 3],
          [T0, 'facebook', 'dns', 'ok', 1],
        ],
      );
      assert.deepEqual((await repo.resultIds('fra')).sort(), ['r-000001']);
    });

    it('returns the latest result per vantage point and check, with its detail', async () => {
      await repo.appendResults(
        'sin',
        [
          result('s-000001', { at: T0 }),
          result('s-000002', { at: T0 + MINUTE, ok: true, layer: null, code: null, message: null }),
        ],
        T0,
      );
      const latest = (await repo.latest('facebook', T0 - MINUTE)).filter((r) => r.vantage === 'sin');
      assert.equal(latest.length, 1);
      assert.equal(latest[0]!.id, 's-000002');
      assert.equal(latest[0]!.ok, true);
      assert.deepEqual(latest[0]!.detail.facts, { RCODE: 'SERVFAIL' });
    });

    it('agents: unique names, lookup by key, conditional revoke, what they report', async () => {
      const a = await repo.createAgent({
        name: 'ams-1',
        keyId: 'k1',
        tokenHash: 'h1',
        country: 'NL',
        network: null,
        at: T0,
      });
      assert.ok(a);
      assert.equal(a.name, 'ams-1');
      assert.equal(a.revokedAt, null);
      assert.equal(
        await repo.createAgent({
          name: 'ams-1',
          keyId: 'k2',
          tokenHash: 'h2',
          country: null,
          network: null,
          at: T0,
        }),
        null,
      );
      assert.equal((await repo.agentByKey('k1'))?.tokenHash, 'h1');
      await repo.touchAgent(a.id, T0 + 1, { country: 'NL', network: 'AS1136' });
      const seen = await repo.agentById(a.id);
      assert.deepEqual([seen?.lastSeenAt, seen?.reported], [T0 + 1, { country: 'NL', network: 'AS1136' }]);
      assert.equal(await repo.rotateAgent(a.id, 'k3', 'h3'), true);
      assert.equal(await repo.agentByKey('k1'), undefined, 'the old key is gone');
      assert.equal((await repo.agentByKey('k3'))?.tokenHash, 'h3');
      assert.equal(await repo.revokeAgent(a.id, T0 + 2), true);
      assert.equal(await repo.rotateAgent(a.id, 'k4', 'h4'), false, 'a revoked agent keeps no token');
      assert.equal(await repo.revokeAgent(a.id, T0 + 3), false, 'revoking twice changes nothing');
      assert.equal((await repo.agentById(a.id))?.revokedAt, T0 + 2);
      assert.equal((await repo.listAgents()).length, 1);
    });

    it('prunes old results and signals', async () => {
      const pruned = await repo.prune(T0 + 10 * MINUTE, T0 + 10 * MINUTE);
      assert.ok(pruned.results >= 6 && pruned.minutes >= 3, JSON.stringify(pruned));
      assert.deepEqual(await repo.counts(), { results: 0, signals: 0 });
    });
  });
}
