import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../incidents/types.ts';
import { DEFAULT_LINK, incidentFor } from './link-events.ts';
import type { StoredOutsideEvent } from './types.ts';

const M = 60_000;
const T = Date.UTC(2021, 9, 4, 15, 40);
const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 1,
  groupKey: 'meta',
  title: 'Meta',
  status: 'investigating',
  impact: 'major',
  startedAt: T,
  detectedAt: T + M,
  peakAt: T + M,
  peakRate: 10,
  resolvedAt: null,
  updatedAt: T + M,
  services: [
    {
      service: 'facebook',
      status: 'major_outage',
      startedAt: T,
      detectedAt: T + M,
      recoveredAt: null,
      peakAt: T,
      peakRate: 1,
    },
  ],
  ...over,
});
const event = (over: Partial<StoredOutsideEvent> = {}): StoredOutsideEvent => ({
  id: 7,
  dedupeKey: 'k',
  at: T - M,
  kind: 'routing',
  provider: 'meta',
  services: ['facebook'],
  message: 'withdrawn',
  ack: true,
  data: {},
  incidentId: null,
  createdAt: T,
  ...over,
});
const now = T + 60 * M;

test('an event joins the incident of its provider or services, when its time fits', () => {
  assert.equal(
    incidentFor(event(), [incident()], now, DEFAULT_LINK)?.id,
    1,
    'a withdrawal a minute before the start',
  );
  assert.equal(
    incidentFor(event({ provider: 'other', services: ['facebook'] }), [incident()], now, DEFAULT_LINK)?.id,
    1,
    'a shared service is enough',
  );
  assert.equal(
    incidentFor(event({ provider: 'google', services: ['gmail'] }), [incident()], now, DEFAULT_LINK),
    undefined,
  );
  assert.equal(
    incidentFor(event({ at: T - 3 * 60 * M }), [incident()], now, DEFAULT_LINK),
    undefined,
    'too early',
  );
  assert.equal(
    incidentFor(event({ ack: false, kind: 'official' }), [incident()], now, DEFAULT_LINK),
    undefined,
    'before the start only what points at a problem',
  );
  assert.equal(incidentFor(event({ ack: false, kind: 'posts' }), [incident()], now, DEFAULT_LINK)?.id, 1);
  assert.equal(
    incidentFor(event({ at: now + M }), [incident()], now, DEFAULT_LINK),
    undefined,
    'not from the future',
  );
});

test('after the end only official statements join (status pages lag), and the latest incident wins', () => {
  const done = incident({ resolvedAt: T + 30 * M });
  assert.equal(incidentFor(event({ kind: 'official', at: T + 50 * M }), [done], now, DEFAULT_LINK)?.id, 1);
  assert.equal(incidentFor(event({ kind: 'routing', at: T + 50 * M }), [done], now, DEFAULT_LINK), undefined);
  const older = incident({ id: 2, startedAt: T - 30 * M });
  assert.equal(incidentFor(event({ at: T + 5 * M }), [older, incident()], now, DEFAULT_LINK)?.id, 1);
});
