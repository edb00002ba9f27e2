/**
 * The pure incident decision as a table: (open incidents, this minute's verdicts) → the effects.
 * Each row spells out the whole expected effect list, so a changed field, a missing event or an
 * extra effect fails the row that shows it. The monitor tests cover the same rules end to end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINUTE } from '../shared/time.ts';
import { decide, type Effect, type Grouping, type ServiceReading } from './decide.ts';
import type { Incident, IncidentService } from './types.ts';

/** Meta runs instagram and whatsapp; google runs gmail; status-cdn is a provider of its own that instagram depends on. */
const PROVIDER: Record<string, string> = {
  instagram: 'meta',
  whatsapp: 'meta',
  gmail: 'google',
  'status-cdn': 'cdn-co',
};
const NAME: Record<string, string> = {
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  gmail: 'Gmail',
  'status-cdn': 'StatusCDN',
  meta: 'Meta',
  google: 'Google',
  'cdn-co': 'CDN Co',
};
const RELATED: Record<string, string[]> = { instagram: ['status-cdn'], 'status-cdn': ['instagram'] };
const g: Grouping = {
  groupOf: (s) => PROVIDER[s] ?? s,
  related: (s) => RELATED[s] ?? [],
  serviceName: (s) => NAME[s] ?? s,
  groupName: (k) => NAME[k] ?? k,
};

/** The minute being decided, and the instant its decisions are known (the end of that minute). */
const T = Date.UTC(2026, 0, 5, 12, 0);
const KNOWN = T + MINUTE;
const EARLIER = T - 10 * MINUTE;

const verdict = (
  service: string,
  status: ServiceReading['status'],
  observed = 0,
  evidence: string[] = [],
): ServiceReading => ({ service, status, observed, expected: 2, since: T - 2 * MINUTE, evidence });

const failing = (service: string, over: Partial<IncidentService> = {}): IncidentService => ({
  service,
  status: 'partial_outage',
  startedAt: EARLIER - 2 * MINUTE,
  detectedAt: EARLIER,
  recoveredAt: null,
  peakAt: EARLIER,
  peakRate: 50,
  ...over,
});

const incident = (over: Partial<Incident> & Pick<Incident, 'services'>): Incident => ({
  id: 7,
  groupKey: 'meta',
  title: 'Problems with Instagram',
  status: 'investigating',
  impact: 'major',
  startedAt: EARLIER - 2 * MINUTE,
  detectedAt: EARLIER,
  peakAt: EARLIER,
  peakRate: 50,
  resolvedAt: null,
  updatedAt: EARLIER,
  ...over,
});

type Row = { name: string; open: Incident[]; verdicts: ServiceReading[]; expected: Effect[] };

const rows: Row[] = [
  {
    name: 'nothing open, everything operational: no effects',
    open: [],
    verdicts: [verdict('instagram', 'operational', 3), verdict('gmail', 'operational', 1)],
    expected: [],
  },
  {
    name: 'open: a failing service with no incident opens one for its provider',
    open: [],
    verdicts: [verdict('instagram', 'partial_outage', 40.4, ['40 reports, about 2 expected'])],
    expected: [
      {
        kind: 'open',
        groupKey: 'meta',
        title: 'Problems with Instagram',
        impact: 'major',
        startedAt: T - 2 * MINUTE,
        peakRate: 40,
        first: {
          service: 'instagram',
          status: 'partial_outage',
          startedAt: T - 2 * MINUTE,
          detectedAt: KNOWN,
          recoveredAt: null,
          peakAt: T,
          peakRate: 40,
        },
        event: {
          at: KNOWN,
          kind: 'opened',
          service: 'instagram',
          message: 'Instagram: problems detected — 40 reports, about 2 expected',
          data: { observed: 40.4, expected: 2, since: T - 2 * MINUTE },
        },
      },
    ],
  },
  {
    name: 'open: impact follows the verdict (degraded → minor, major outage → critical)',
    open: [],
    verdicts: [verdict('instagram', 'degraded_performance', 9), verdict('gmail', 'major_outage', 300)],
    expected: [
      {
        kind: 'open',
        groupKey: 'meta',
        title: 'Problems with Instagram',
        impact: 'minor',
        startedAt: T - 2 * MINUTE,
        peakRate: 9,
        first: {
          service: 'instagram',
          status: 'degraded_performance',
          startedAt: T - 2 * MINUTE,
          detectedAt: KNOWN,
          recoveredAt: null,
          peakAt: T,
          peakRate: 9,
        },
        event: {
          at: KNOWN,
          kind: 'opened',
          service: 'instagram',
          message: 'Instagram: possible problems',
          data: { observed: 9, expected: 2, since: T - 2 * MINUTE },
        },
      },
      {
        kind: 'open',
        groupKey: 'google',
        title: 'Problems with Gmail',
        impact: 'critical',
        startedAt: T - 2 * MINUTE,
        peakRate: 300,
        first: {
          service: 'gmail',
          status: 'major_outage',
          startedAt: T - 2 * MINUTE,
          detectedAt: KNOWN,
          recoveredAt: null,
          peakAt: T,
          peakRate: 300,
        },
        event: {
          at: KNOWN,
          kind: 'opened',
          service: 'gmail',
          message: 'Gmail: major outage',
          data: { observed: 300, expected: 2, since: T - 2 * MINUTE },
        },
      },
    ],
  },
  {
    name: 'open, edge: a second service of the same provider in the same minute waits for the next tick',
    open: [],
    verdicts: [verdict('instagram', 'partial_outage', 40), verdict('whatsapp', 'major_outage', 90)],
    expected: [
      {
        kind: 'open',
        groupKey: 'meta',
        title: 'Problems with Instagram',
        impact: 'major',
        startedAt: T - 2 * MINUTE,
        peakRate: 40,
        first: {
          service: 'instagram',
          status: 'partial_outage',
          startedAt: T - 2 * MINUTE,
          detectedAt: KNOWN,
          recoveredAt: null,
          peakAt: T,
          peakRate: 40,
        },
        event: {
          at: KNOWN,
          kind: 'opened',
          service: 'instagram',
          message: 'Instagram: problems detected',
          data: { observed: 40, expected: 2, since: T - 2 * MINUTE },
        },
      },
    ],
  },
  {
    name: 'hold: same status, below the peak, nothing else changed: no effects',
    open: [incident({ services: [failing('instagram')] })],
    verdicts: [verdict('instagram', 'partial_outage', 30)],
    expected: [],
  },
  {
    name: 'hold: a new peak only moves the peak',
    open: [incident({ services: [failing('instagram')] })],
    verdicts: [verdict('instagram', 'partial_outage', 80.6)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Problems with Instagram',
        impact: 'major',
        status: 'investigating',
        peakAt: T,
        peakRate: 81,
        services: [failing('instagram', { peakAt: T, peakRate: 81 })],
        events: [],
      },
    ],
  },
  {
    name: 'escalate: a worse verdict raises the service and the impact, with both events',
    open: [incident({ services: [failing('instagram')] })],
    verdicts: [verdict('instagram', 'major_outage', 45, ['BGP withdrawal'])],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Problems with Instagram',
        impact: 'critical',
        status: 'investigating',
        peakAt: EARLIER,
        peakRate: 50,
        services: [failing('instagram', { status: 'major_outage' })],
        events: [
          {
            at: KNOWN,
            kind: 'escalated',
            service: 'instagram',
            message: 'Instagram: major outage — BGP withdrawal',
          },
          { at: KNOWN, kind: 'impact', message: 'Impact now critical.' },
        ],
      },
    ],
  },
  {
    name: 'improving: a milder verdict lowers the service, never the impact',
    open: [incident({ impact: 'critical', services: [failing('instagram', { status: 'major_outage' })] })],
    verdicts: [verdict('instagram', 'degraded_performance', 10)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Problems with Instagram',
        impact: 'critical',
        status: 'investigating',
        peakAt: EARLIER,
        peakRate: 50,
        services: [failing('instagram', { status: 'degraded_performance' })],
        events: [
          { at: KNOWN, kind: 'improving', service: 'instagram', message: 'Instagram: possible problems' },
        ],
      },
    ],
  },
  {
    name: 'join: another service of the provider joins the open incident and renames it',
    open: [incident({ services: [failing('instagram')] })],
    verdicts: [verdict('instagram', 'partial_outage', 30), verdict('whatsapp', 'partial_outage', 12)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Meta: Instagram, WhatsApp',
        impact: 'major',
        status: 'investigating',
        peakAt: EARLIER,
        peakRate: 50,
        services: [
          {
            service: 'whatsapp',
            status: 'partial_outage',
            startedAt: T - 2 * MINUTE,
            detectedAt: KNOWN,
            recoveredAt: null,
            peakAt: T,
            peakRate: 12,
          },
        ],
        events: [
          {
            at: KNOWN,
            kind: 'service_added',
            service: 'whatsapp',
            message: 'WhatsApp: problems detected',
            data: { observed: 12, expected: 2 },
          },
        ],
      },
    ],
  },
  {
    name: 'join, edge: a related service of another provider joins too (dependencies cross providers)',
    open: [incident({ services: [failing('instagram')] })],
    verdicts: [verdict('instagram', 'partial_outage', 30), verdict('status-cdn', 'degraded_performance', 5)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Meta: Instagram, StatusCDN',
        impact: 'major',
        status: 'investigating',
        peakAt: EARLIER,
        peakRate: 50,
        services: [
          {
            service: 'status-cdn',
            status: 'degraded_performance',
            startedAt: T - 2 * MINUTE,
            detectedAt: KNOWN,
            recoveredAt: null,
            peakAt: T,
            peakRate: 5,
          },
        ],
        events: [
          {
            at: KNOWN,
            kind: 'service_added',
            service: 'status-cdn',
            message: 'StatusCDN: possible problems',
            data: { observed: 5, expected: 2 },
          },
        ],
      },
    ],
  },
  {
    name: 'edge: an unrelated provider opens its own incident beside the open one',
    open: [incident({ services: [failing('instagram')] })],
    verdicts: [verdict('instagram', 'partial_outage', 30), verdict('gmail', 'partial_outage', 20)],
    expected: [
      {
        kind: 'open',
        groupKey: 'google',
        title: 'Problems with Gmail',
        impact: 'major',
        startedAt: T - 2 * MINUTE,
        peakRate: 20,
        first: {
          service: 'gmail',
          status: 'partial_outage',
          startedAt: T - 2 * MINUTE,
          detectedAt: KNOWN,
          recoveredAt: null,
          peakAt: T,
          peakRate: 20,
        },
        event: {
          at: KNOWN,
          kind: 'opened',
          service: 'gmail',
          message: 'Gmail: problems detected',
          data: { observed: 20, expected: 2, since: T - 2 * MINUTE },
        },
      },
    ],
  },
  {
    name: 'partial recovery: one service back to normal, the incident moves to monitoring',
    open: [
      incident({
        title: 'Meta: Instagram, WhatsApp',
        services: [failing('instagram'), failing('whatsapp', { peakRate: 10 })],
      }),
    ],
    verdicts: [verdict('instagram', 'partial_outage', 30), verdict('whatsapp', 'operational', 2)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Meta: Instagram, WhatsApp',
        impact: 'major',
        status: 'monitoring',
        peakAt: EARLIER,
        peakRate: 50,
        services: [failing('whatsapp', { peakRate: 10, status: 'operational', recoveredAt: KNOWN })],
        events: [
          { at: KNOWN, kind: 'service_recovered', service: 'whatsapp', message: 'WhatsApp: back to normal' },
        ],
      },
    ],
  },
  {
    name: 'partial recovery, edge: an identified incident stays identified',
    open: [
      incident({
        status: 'identified',
        title: 'Meta: Instagram, WhatsApp',
        services: [failing('instagram'), failing('whatsapp', { peakRate: 10 })],
      }),
    ],
    verdicts: [verdict('instagram', 'partial_outage', 30), verdict('whatsapp', 'operational', 2)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Meta: Instagram, WhatsApp',
        impact: 'major',
        status: 'identified',
        peakAt: EARLIER,
        peakRate: 50,
        services: [failing('whatsapp', { peakRate: 10, status: 'operational', recoveredAt: KNOWN })],
        events: [
          { at: KNOWN, kind: 'service_recovered', service: 'whatsapp', message: 'WhatsApp: back to normal' },
        ],
      },
    ],
  },
  {
    name: 'relapse: a recovered service failing again rejoins, and the incident investigates again',
    open: [
      incident({
        status: 'monitoring',
        title: 'Meta: Instagram, WhatsApp',
        services: [
          failing('instagram'),
          failing('whatsapp', { peakRate: 10, status: 'operational', recoveredAt: EARLIER + MINUTE }),
        ],
      }),
    ],
    verdicts: [verdict('instagram', 'partial_outage', 30), verdict('whatsapp', 'partial_outage', 8)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Meta: Instagram, WhatsApp',
        impact: 'major',
        status: 'investigating',
        peakAt: EARLIER,
        peakRate: 50,
        services: [failing('whatsapp', { peakRate: 10, status: 'partial_outage' })],
        events: [
          { at: KNOWN, kind: 'relapse', service: 'whatsapp', message: 'WhatsApp: problems again' },
          { at: KNOWN, kind: 'escalated', service: 'whatsapp', message: 'WhatsApp: problems detected' },
        ],
      },
    ],
  },
  {
    name: 'resolve: the last failing service recovers; only the services that changed are written',
    open: [
      incident({
        status: 'monitoring',
        title: 'Meta: Instagram, WhatsApp',
        services: [
          failing('instagram'),
          failing('whatsapp', { peakRate: 10, status: 'operational', recoveredAt: EARLIER + MINUTE }),
        ],
      }),
    ],
    verdicts: [verdict('instagram', 'operational', 3), verdict('whatsapp', 'operational', 2)],
    expected: [
      {
        kind: 'resolve',
        id: 7,
        services: [failing('instagram', { status: 'operational', recoveredAt: KNOWN })],
        event: { at: KNOWN, kind: 'resolved', message: 'All services are back to normal.' },
      },
    ],
  },
  {
    name: 'resolve, edge: a service with no verdict this minute counts as recovered',
    open: [incident({ services: [failing('instagram')] })],
    verdicts: [verdict('gmail', 'operational', 1)],
    expected: [
      {
        kind: 'resolve',
        id: 7,
        services: [failing('instagram', { status: 'operational', recoveredAt: KNOWN })],
        event: { at: KNOWN, kind: 'resolved', message: 'All services are back to normal.' },
      },
    ],
  },
  {
    name: 'edge: the incident peak is the sum of its failing services in one minute',
    open: [
      incident({
        title: 'Meta: Instagram, WhatsApp',
        services: [failing('instagram', { peakRate: 40 }), failing('whatsapp', { peakRate: 30 })],
      }),
    ],
    verdicts: [verdict('instagram', 'partial_outage', 35), verdict('whatsapp', 'partial_outage', 25)],
    expected: [
      {
        kind: 'update',
        id: 7,
        title: 'Meta: Instagram, WhatsApp',
        impact: 'major',
        status: 'investigating',
        peakAt: T,
        peakRate: 60,
        services: [],
        events: [],
      },
    ],
  },
];

for (const row of rows) {
  test(`decide: ${row.name}`, () => {
    const before = structuredClone(row.open);
    assert.deepEqual(decide(row.open, row.verdicts, T, g), row.expected);
    // Pure: the open incidents it was given are not changed in place.
    assert.deepEqual(row.open, before);
  });
}
