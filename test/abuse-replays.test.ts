/**
 * Abuse and cause replays through the real store, monitor, probes and incidents (test/support/
 * abuse-world.ts): a CDN failure across six providers with HTTP 500 probes, a carrier outage with
 * sympathy reports, a distributed flood, a one-/24 flood over every service while another really
 * fails, and a launch. Figures are printed; bench/abuse prints the cheapest crowd.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { incidentReport } from '../src/incidents/incident-report.ts';
import { AbuseWorld, type Crowd, isProblem, MINUTE, severity } from './support/abuse-world.ts';

const START = Date.UTC(2026, 5, 12, 11, 0);
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const BROAD = ['US', 'BR', 'IN', 'ID', 'DE', 'GB'];

/** Runs `minutes` minutes; returns each service's first minute at "problems detected" or worse, and its worst status. */
async function run(
  world: AbuseWorld,
  minutes: number,
  each: (m: number, t: number) => { crowds: Crowd[]; failing?: Map<string, string>; probed?: string[] },
) {
  const first = new Map<string, number>();
  const worst = new Map<string, number>();
  for (let m = 0; m < minutes; m++) {
    const plan = each(m, world.t);
    const t = await world.step(
      plan.crowds,
      plan.probed ? { probed: plan.probed, failing: plan.failing ?? new Map() } : undefined,
    );
    for (const s of world.services) {
      const st = world.status(s);
      worst.set(s, Math.max(worst.get(s) ?? 0, severity(st)));
      if (isProblem(st) && !first.has(s)) first.set(s, t);
    }
  }
  return { first, worst };
}

test('a CDN failure across six providers with HTTP 500 probes is one incident, http/5xx, titled by the cause', async () => {
  const world = await AbuseWorld.create(START);
  const six = ['discord', 'chatgpt', 'x', 'shop-a', 'shop-b', 'shop-c'];
  try {
    const failFrom = 10;
    await run(world, 40, (m) => ({
      probed: six,
      failing: new Map(m >= failFrom && m < 30 ? six.map((s) => [s, 'http:HTTP_500']) : []),
      crowds:
        m >= failFrom && m < 30
          ? six.map((s) => ({ service: s, identities: 40, networks: 30, countries: BROAD, tag: `cdn-${s}` }))
          : [],
    }));
    const incidents = await world.app.ctx.incidents.listIncidents({ limit: 20 });
    const withSix = incidents.filter((i) => i.services.some((s) => six.includes(s.service)));
    console.log(
      `CDN failure: ${withSix.map((i) => `${i.title} [${i.services.map((s) => s.service).join(', ')}]`).join(' | ')}`,
    );
    assert.equal(withSix.length, 1, 'one cause, one incident');
    assert.deepEqual(withSix[0]!.services.map((s) => s.service).sort(), [...six].sort());
    assert.equal(withSix[0]!.title, 'Cloudflare, and 6 services behind it');
    const report = await incidentReport(
      world.app.ctx.store,
      world.app.ctx.incidents,
      withSix[0]!.id,
      world.t,
    );
    console.log(`  classification ${report.classification.kind}: ${report.classification.summary}`);
    assert.equal(report.classification.kind, 'http/5xx');
    assert.match(report.classification.summary, /^HTTP 500 from 5 of 5 vantage points since 11:10/);
  } finally {
    await world.close();
  }
});

test('a carrier outage is corroborated by its breadth at home; the sympathy reports elsewhere stay at possible problems', async () => {
  const world = await AbuseWorld.create(START);
  try {
    const sympathy = ['facebook', 'instagram', 'whatsapp', 'youtube'];
    const { first, worst } = await run(world, 45, (m) =>
      m < 10
        ? { crowds: [] }
        : {
            crowds: [
              { service: 'telkomsel', identities: 60, networks: 80, countries: ['ID'], tag: 'carrier' },
              ...sympathy.map((s) => ({
                service: s,
                identities: 25,
                networks: 40,
                countries: ['ID'],
                tag: `sym-${s}`,
              })),
            ],
          },
    );
    console.log(
      `carrier: telkomsel at problems from ${first.has('telkomsel') ? hhmm(first.get('telkomsel')!) : '-'}; sympathy worst: ${sympathy.map((s) => `${s} ${worst.get(s)}`).join(', ')}`,
    );
    assert.ok(
      first.has('telkomsel'),
      'the carrier, whose people are at home in ID, reaches problems detected',
    );
    assert.ok(first.get('telkomsel')! - (START + 10 * MINUTE) <= 3 * MINUTE);
    for (const s of sympathy)
      assert.ok((worst.get(s) ?? 0) <= 1, `${s} held at possible problems: one unusual country`);
  } finally {
    await world.close();
  }
});

test('a distributed flood (2,000 identities from 200 /24s in one country, probes passing) stays at possible problems', async () => {
  const world = await AbuseWorld.create(START);
  try {
    let sent = 0;
    const { worst } = await run(world, 45, (m) => {
      if (m < 10 || m >= 40) return { crowds: [], probed: ['quiet-app'] };
      // 2,000 identities over 30 minutes from 200 /24s, all in one country; fresh identities each minute.
      const identities = Math.round(((m - 9) * 2000) / 30) - Math.round(((m - 10) * 2000) / 30);
      sent += identities;
      return {
        probed: ['quiet-app'],
        crowds: [{ service: 'quiet-app', identities, networks: 200, countries: ['VN'], tag: 'flood' }],
      };
    });
    console.log(`distributed flood: ${sent} identities, quiet-app worst ${worst.get('quiet-app')}`);
    assert.equal(sent, 2000);
    assert.ok(worst.get('quiet-app')! <= 1, 'nothing above possible problems');
    assert.ok(worst.get('quiet-app')! >= 1, 'the flood is seen (possible problems), not hidden');
  } finally {
    await world.close();
  }
});

/** The minute slack reaches problems detected after its real failure at minute 15, with or without a flood. */
async function realFailureDetected(flood: boolean): Promise<{ at: number | undefined; floodWorst: number }> {
  const world = await AbuseWorld.create(START);
  try {
    const others = world.services.filter((s) => s !== 'slack');
    const { first, worst } = await run(world, 35, (m) => ({
      crowds: [
        ...(flood && m >= 5
          ? others.map((s) => ({
              service: s,
              identities: 6,
              networks: 1,
              countries: ['RU'],
              tag: `one24-${s}`,
            }))
          : []),
        ...(m >= 15
          ? [{ service: 'slack', identities: 30, networks: 40, countries: BROAD, tag: 'slack-real' }]
          : []),
      ],
    }));
    return {
      at: first.get('slack'),
      floodWorst: Math.max(...others.map((s) => worst.get(s) ?? 0)),
    };
  } finally {
    await world.close();
  }
}

test('a one-/24 flood over every service delays a real outage elsewhere by at most a minute', async () => {
  const quiet = await realFailureDetected(false);
  const flooded = await realFailureDetected(true);
  const delay =
    quiet.at !== undefined && flooded.at !== undefined ? (flooded.at - quiet.at) / MINUTE : Number.NaN;
  console.log(
    `one-/24 flood: slack detected ${quiet.at && hhmm(quiet.at)} alone, ${flooded.at && hhmm(flooded.at)} under the flood (delay ${delay} min); flooded services' worst ${flooded.floodWorst}`,
  );
  assert.ok(quiet.at !== undefined && flooded.at !== undefined, 'detected both times');
  assert.ok(delay <= 1, `delay ${delay} min`);
  assert.ok(flooded.floodWorst <= 1, 'the flood itself opens nothing above possible problems');
});

test('a launch that triples reports for two hours while probes pass stays at possible problems', async () => {
  const world = await AbuseWorld.create(Date.UTC(2026, 5, 12, 11, 30));
  try {
    const { worst } = await run(world, 180, (_m, t) => {
      const during = t >= Date.UTC(2026, 5, 12, 12) && t < Date.UTC(2026, 5, 12, 14);
      return {
        probed: ['new-game'],
        crowds: during
          ? [{ service: 'new-game', identities: 4, networks: 40, countries: BROAD, tag: 'launch' }]
          : [],
      };
    });
    console.log(`launch: new-game worst ${worst.get('new-game')}`);
    assert.ok(worst.get('new-game')! <= 1, 'expected crowds are not an outage');
  } finally {
    await world.close();
  }
});
