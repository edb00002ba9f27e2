/**
 * 2021-10-04 replayed through the real app with every kind of evidence: BGP updates through the RIS
 * Live adapter, posts through the Bluesky adapter and the multilingual matcher, statements as
 * official statements, DNS probes through the probes' ingestion, reports through the store. One
 * incident must come out, its timeline in the order things happened.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestApp } from '../src/app/testing/test-app.ts';
import { replayIntoApp } from '../src/replay/replay-scenario.ts';
import { VirtualClock } from '../src/replay/virtual-clock.ts';
import { generatedSpan } from '../src/scenarios/generate.ts';
import { loadScenario } from '../src/scenarios/load.ts';
import { postsAt } from '../src/scenarios/outside-signals.ts';
import { MINUTE } from '../src/shared/time.ts';

const file = fileURLToPath(new URL('../scenarios/2021-10-04-meta.yaml', import.meta.url));
const hhmm = (iso: string) => iso.slice(11, 16);

test('2021-10-04: one incident, its timeline in true order: withdrawal → DNS failure → report surge → statement → recovery', async () => {
  const scenario = loadScenario(file);
  const span = generatedSpan(scenario, { warmup: false });
  const clock = new VirtualClock(span[0]);
  const app = await createTestApp({}, { clock, manualTicks: true });
  try {
    await replayIntoApp(app, clock, scenario, { seed: 1, scale: 0.1 });
    const incidents = await app.ctx.incidents.listIncidents({ limit: 20 });
    assert.equal(incidents.length, 1, incidents.map((i) => i.title).join(' | '));
    const res = await app.server.inject(`/api/v1/incidents/${incidents[0]!.id}`);
    assert.equal(res.statusCode, 200);
    const report = res.json() as {
      timeline: { at: string; kind: string; message: string }[];
      statusPageLag: { provider: string; minutesAfterDetection: number } | null;
    };
    const tl = report.timeline;
    console.log(tl.map((e) => `  ${hhmm(e.at)} ${e.kind.padEnd(17)} ${e.message.slice(0, 130)}`).join('\n'));

    const at = (what: string, pick: (e: (typeof tl)[number]) => boolean) => {
      const i = tl.findIndex(pick);
      assert.ok(i >= 0, `the timeline has ${what}`);
      return { i, at: tl[i]!.at, what };
    };
    const withdrawal = at('the BGP withdrawal', (e) => e.kind === 'routing' && /withdrawn/.test(e.message));
    assert.match(tl[withdrawal.i]!.message, /Meta's authoritative DNS servers/);
    assert.equal(hhmm(withdrawal.at), '15:39');
    const dns = tl.some((e) => e.kind === 'probe')
      ? at(
          'the DNS failure seen by probes',
          (e) => e.kind === 'probe' && /DNS/.test(e.message) && /fail/i.test(e.message),
        )
      : undefined;
    const opened = at('the opening on the report surge', (e) => e.kind === 'opened');
    const posts = at('the surge of public posts', (e) => e.kind === 'posts');
    const official = at(
      "Facebook's statement",
      (e) => e.kind === 'official' && /Facebook on Twitter/.test(e.message),
    );
    const routesBack = at(
      'the routes announced again',
      (e) => e.kind === 'routing' && /announced again/.test(e.message),
    );
    const resolved = at('the resolution', (e) => e.kind === 'resolved');
    const inOrder = (...xs: (typeof withdrawal | undefined)[]) => {
      const present = xs.filter((x) => x !== undefined);
      for (let k = 1; k < present.length; k++)
        assert.ok(
          present[k - 1]!.i < present[k]!.i && present[k - 1]!.at <= present[k]!.at,
          `${present[k - 1]!.what} (${hhmm(present[k - 1]!.at)}) before ${present[k]!.what} (${hhmm(present[k]!.at)})`,
        );
    };
    // Meta's authoritative DNS stops answering as its prefixes are withdrawn (15:39–15:40); the
    // incident opens when the minute of the report surge has been judged (15:41); public
    // resolvers SERVFAIL from ~15:50 as caches expire (docs/incidents.md).
    assert.ok(dns, 'the DNS failure seen by probes is on the timeline');
    inOrder(withdrawal, dns, opened, official, resolved);
    inOrder(withdrawal, opened, posts, official, routesBack, resolved);
    console.log(
      `order: withdrawal ${hhmm(withdrawal.at)} → DNS failure seen by probes ${hhmm(dns!.at)}` +
        ` → report surge, incident opened ${hhmm(opened.at)} → posts ${hhmm(posts.at)}` +
        ` → official ${hhmm(official.at)} → routes back ${hhmm(routesBack.at)} → resolved ${hhmm(resolved.at)}`,
    );
    assert.equal(report.statusPageLag?.provider, 'meta');
    console.log(`status page lag (Meta): ${report.statusPageLag?.minutesAfterDetection} min after detection`);
    assert.ok(report.statusPageLag && report.statusPageLag.minutesAfterDetection > 30);

    // Posts: what the matcher counted against the ground truth of the generator.
    let genuine = 0;
    let noise = 0;
    const nameOf = (slug: string, lang: string) =>
      app.ctx.catalog.bySlug.get(slug)?.keywords[lang]?.find((k) => k.length >= 3) ??
      app.ctx.catalog.bySlug.get(slug)!.name;
    for (let t = span[0]; t < span[1]; t += MINUTE)
      for (const p of postsAt(scenario.posts!, 1, t, nameOf)) {
        if (p.genuine) genuine++;
        else noise++;
      }
    let counted = 0;
    let discounted = 0;
    const byLanguage = new Map<string, number>();
    for (const slug of ['facebook', 'instagram', 'whatsapp', 'messenger'])
      for (const r of await app.sources.repo.minuteCounts({ service: slug, from: span[0], to: span[1] })) {
        if (r.kind === 'posts') {
          counted += r.n;
          byLanguage.set(r.dim, (byLanguage.get(r.dim) ?? 0) + r.n);
        }
        if (r.kind === 'posts_discounted') discounted += r.n;
      }
    console.log(
      `posts: ${counted} counted of ${genuine} genuine; ${discounted} discounted of ${noise} jokes/old news/marketing/denials; by language ${JSON.stringify(Object.fromEntries(byLanguage))}`,
    );
    assert.equal(counted, genuine, 'every genuine post counted, once');
    assert.equal(discounted, noise, 'every joke, old news, advert and denial discounted');
    for (const lang of ['en', 'id', 'hi', 'vi', 'es', 'pt']) assert.ok((byLanguage.get(lang) ?? 0) > 0, lang);

    const sources = await app.server.inject('/api/v1/services/facebook/sources?hours=48');
    assert.equal(sources.statusCode, 200);
    const body = sources.json() as {
      routing: { withdrawals: number }[];
      posts: unknown[];
      events: unknown[];
    };
    const withdrawals = body.routing.reduce((a, r) => a + r.withdrawals, 0);
    console.log(
      `GET /api/v1/services/facebook/sources: ${withdrawals} withdrawals, ${body.posts.length} minutes with posts, ${body.events.length} events`,
    );
    assert.ok(withdrawals >= 40 * 10, 'every peer withdrew every prefix');
    const lag = await app.server.inject('/api/v1/status-page-lag');
    assert.equal((lag.json() as { providers: { provider: string }[] }).providers[0]?.provider, 'meta');
  } finally {
    await app.cleanup();
  }
});
