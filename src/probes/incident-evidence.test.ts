import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident, NewEvent } from '../incidents/types.ts';
import { IncidentEvidence, type ServiceReadingLike } from './incident-evidence.ts';
import { ProbeWatch } from './probe-watch.ts';
import type { ProbeMinute } from './repo/probe-repo.ts';

const MINUTE = 60_000;
const T = Date.UTC(2021, 9, 4, 15, 50);

function setup(failingFrom: number) {
  const vantages = ['local', 'ams', 'fra', 'iad', 'sin'];
  const minutes = async (from: number, to: number): Promise<ProbeMinute[]> => {
    const out: ProbeMinute[] = [];
    for (let m = from; m < to; m += MINUTE)
      vantages.forEach((vantage, i) => {
        out.push({
          minute: m,
          service: 'facebook',
          vantage,
          kind: 'dns',
          outcome: m >= failingFrom && i < 4 ? 'dns:SERVFAIL' : 'ok',
          results: 1,
        });
      });
    return out;
  };
  const events: { id: number; event: NewEvent }[] = [];
  const open: Incident[] = [
    {
      id: 7,
      groupKey: 'meta',
      title: 'Problems with Facebook',
      status: 'investigating',
      impact: 'major',
      startedAt: T - 10 * MINUTE,
      detectedAt: T - 9 * MINUTE,
      peakAt: T,
      peakRate: 100,
      resolvedAt: null,
      updatedAt: T,
      services: [
        {
          service: 'facebook',
          status: 'major_outage',
          startedAt: T - 10 * MINUTE,
          detectedAt: T - 9 * MINUTE,
          recoveredAt: null,
          peakAt: T,
          peakRate: 100,
        },
      ],
    },
  ];
  const store = {
    openIncidents: async () => open,
    addIncidentEvent: async (id: number, event: NewEvent) => {
      events.push({ id, event });
    },
  };
  const evidence = new IncidentEvidence(new ProbeWatch({ minutes }), store, (s) =>
    s === 'facebook' ? 'Facebook' : s,
  );
  return { evidence, events };
}

const verdict = (status: ServiceReadingLike['status']): ServiceReadingLike => ({
  service: 'facebook',
  status,
  since: T,
  evidence: [],
});

test('probes down by quorum raise an operational verdict and add their sentence as evidence', async () => {
  const { evidence } = setup(T);
  const [v] = await evidence.adjust(T, [verdict('operational')], false);
  assert.equal(v!.status, 'partial_outage');
  assert.deepEqual(v!.evidence, ['probes: DNS failing from 4 of 5 vantage points since 15:50 (SERVFAIL)']);
  const [w] = await evidence.adjust(T + MINUTE, [verdict('major_outage')], false);
  assert.equal(w!.status, 'major_outage', 'never lowered');
});

test('one timeline row per change of classification, on the leading node only', async () => {
  const { evidence, events } = setup(T + 2 * MINUTE);
  await evidence.adjust(T, [verdict('major_outage')], false);
  assert.equal(events.length, 0, 'a node that does not lead writes nothing');
  for (let m = 0; m < 6; m++) await evidence.adjust(T + m * MINUTE + MINUTE, [verdict('major_outage')], true);
  assert.deepEqual(
    events.map((e) => [
      e.id,
      new Date(e.event.at).toISOString().slice(11, 16),
      e.event.data?.classification,
      e.event.message,
    ]),
    [
      [7, '15:51', 'reachable', 'Sites reachable from 5 of 5 vantage points: Facebook'],
      [7, '15:52', 'network/dns', 'DNS failing from 4 of 5 vantage points since 15:52 (SERVFAIL): Facebook'],
    ],
  );
});
