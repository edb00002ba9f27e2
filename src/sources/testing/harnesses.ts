import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../../catalog/catalog.ts';
import { DEFAULT_CATALOG_DIR } from '../../catalog/default-catalog-dir.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { systemClock } from '../../shared/time.ts';
import { openSqlite } from '../../store/sqlite/open-sqlite.ts';
import type { Store } from '../../store/store.ts';
import { StatusPoller } from '../official/status-poller.ts';
import { BlueskyAdapter } from '../posts/bluesky.ts';
import { MastodonAdapter } from '../posts/mastodon.ts';
import { PostMatcher } from '../posts/match-post.ts';
import { PostCounter } from '../posts/post-counter.ts';
import { SourcesRepo } from '../repo/sources-repo.ts';
import { RisLiveAdapter } from '../routing/ris-live.ts';
import { routedServices } from '../routing/routed-services.ts';
import { RoutingWatch } from '../routing/routing-watch.ts';
import { SignalSink } from '../signal-sink.ts';
import type { AdapterHarness } from '../source-adapter.contract.ts';
import type { StreamOptions } from '../stream/ws-stream.ts';
import { jetstreamPost, mastodonStatus, risUpdate } from '../wire-messages.ts';
import { FakeJetstream } from './fake-jetstream.ts';
import { FakeMastodon } from './fake-mastodon.ts';
import { FakeRisLive } from './fake-ris-live.ts';
import { FakeStatusPage, type PageKind } from './fake-status-page.ts';

/** Short timings so reconnects and stalls happen within a test. */
export const TEST_STREAM: StreamOptions = {
  backoffMinMs: 2,
  backoffMaxMs: 20,
  idleMs: 400,
  connectTimeoutMs: 1_000,
  maxMessageBytes: 65_536,
};

let catalog: Catalog | undefined;
export const testCatalog = (): Catalog => (catalog ??= loadCatalog([DEFAULT_CATALOG_DIR]));

/** A fresh SQLite store in a temp directory. */
export async function tempStore(): Promise<{
  store: Store;
  repo: SourcesRepo;
  cleanup: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-src-'));
  const { store, sql } = openSqlite(join(dir, 'test.sqlite'));
  await store.migrate();
  return {
    store,
    repo: new SourcesRepo(sql),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FAR = Date.UTC(2100, 0, 1);
async function sum(repo: SourcesRepo, service: string, kind: string): Promise<number> {
  const rows = await repo.minuteCounts({ service, from: 0, to: FAR });
  return rows.filter((r) => r.kind === kind).reduce((a, r) => a + r.n, 0);
}

const describe = (slug: string) => {
  const s = testCatalog().bySlug.get(slug);
  return s && { name: s.name, provider: s.provider };
};

function postCounter(repo: SourcesRepo, sink: SignalSink): PostCounter {
  return new PostCounter(new PostMatcher(testCatalog().services), sink, repo, describe);
}

const JETSTREAM_MALFORMED = [
  'not json at all',
  '{"kind":"commit"}',
  '{"did":"did:plc:x","time_us":"yesterday","kind":"commit","commit":{}}',
  '{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"r"}}',
  '{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"r","record":{"text":42}}}',
  '[]',
  'null',
  '{"did":',
  `{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"r","record":{"text":"${'x'.repeat(70_000)}"}}}`,
];

export async function blueskyHarness(): Promise<AdapterHarness> {
  const { repo, cleanup } = await tempStore();
  const fake = new FakeJetstream();
  const url = await fake.start();
  const sink = new SignalSink(repo, { flushMs: 5 });
  const adapter = new BlueskyAdapter(repo, sink, postCounter(repo, sink), { ...TEST_STREAM, url });
  let seq = 0;
  return {
    adapter,
    publish: (n) => {
      for (let i = 0; i < n; i++) {
        seq++;
        const timeUs = Date.now() * 1000 + seq;
        fake.publish(
          timeUs,
          jetstreamPost({
            did: 'did:plc:tester',
            rkey: `3k${seq}`,
            timeUs,
            text: 'instagram down right now',
            langs: ['en'],
          }),
        );
      }
    },
    publishMalformed: (n) => {
      for (let i = 0; i < n; i++) fake.sendRaw(JETSTREAM_MALFORMED[i % JETSTREAM_MALFORMED.length]!);
    },
    disrupt: () => fake.server.dropAll(),
    stall: () => {
      fake.server.silent = true;
      fake.server.dropAll();
    },
    recover: () => {
      fake.server.silent = false;
      fake.server.dropAll();
    },
    counted: () => sum(repo, 'instagram', 'posts'),
    connections: () => fake.server.urls.length,
    resumedFrom: () => fake.cursors().at(-1),
    close: async () => {
      await fake.close();
      await cleanup();
    },
  };
}

const SSE_MALFORMED = [
  'event: update\ndata: {not json\n\n',
  'event: update\ndata: {"id":"12"}\n\n',
  'event: update\ndata: null\n\n',
  'event: update\ndata: {"id":"abc","created_at":"2024-03-05T15:20:00Z","uri":"u","content":"x","account":{"acct":"a"}}\n\n',
  'event: update\ndata: {"id":"13","created_at":"not a date","uri":"u","content":"x","account":{"acct":"a"}}\n\n',
  'event: update\ndata: [1, 2\n\n',
];

export async function mastodonHarness(): Promise<AdapterHarness> {
  const { repo, cleanup } = await tempStore();
  const fake = new FakeMastodon();
  const url = await fake.start();
  const sink = new SignalSink(repo, { flushMs: 5 });
  const adapter = new MastodonAdapter(repo, sink, postCounter(repo, sink), { ...TEST_STREAM, url });
  let seq = 0;
  return {
    adapter,
    publish: (n) => {
      for (let i = 0; i < n; i++) {
        seq++;
        fake.publish(
          mastodonStatus({
            id: String(110_000_000_000_000 + seq),
            at: Date.now(),
            text: 'instagram down right now',
            acct: `user${seq}`,
          }),
        );
      }
    },
    publishMalformed: (n) => {
      for (let i = 0; i < n; i++) fake.sendRaw(SSE_MALFORMED[i % SSE_MALFORMED.length]!);
    },
    disrupt: () => fake.dropAll(),
    stall: () => {
      fake.silent = true;
      fake.dropAll();
    },
    recover: () => {
      fake.silent = false;
      fake.dropAll();
    },
    counted: () => sum(repo, 'instagram', 'posts'),
    connections: () => fake.connections,
    resumedFrom: () => fake.backfills.at(-1),
    close: async () => {
      await fake.close();
      await cleanup();
    },
  };
}

const RIS_MALFORMED = [
  'garbage',
  '{"type":"ris_message"}',
  '{"type":"ris_message","data":{"timestamp":"noon","peer":"192.0.2.1","type":"UPDATE"}}',
  '{"type":"ris_message","data":{"timestamp":1633362000,"peer":"192.0.2.1","type":"UPDATE","withdrawals":"129.134.30.0/24"}}',
  '{"type":"ris_message","data":{"timestamp":1633362000,"peer":"192.0.2.1","type":"UPDATE","path":["AS32934"]}}',
  '{"type":42}',
  '{"type":"ris_message","data":{"timestamp":1633362000,"peer":"","type":"UPDATE"}}',
  '{"type":"ris_message","data":',
];

export async function risHarness(): Promise<AdapterHarness> {
  const { repo, cleanup } = await tempStore();
  const fake = new FakeRisLive();
  const url = await fake.start();
  const sink = new SignalSink(repo, { flushMs: 5 });
  const watch = new RoutingWatch(routedServices(testCatalog()));
  const adapter = new RisLiveAdapter(repo, sink, watch, systemClock, {
    ...TEST_STREAM,
    url,
    pingEveryMs: 100,
  });
  let seq = 0;
  return {
    adapter,
    publish: (n) => {
      for (let i = 0; i < n; i++) {
        seq++;
        const msg = risUpdate({
          id: `rrc00-${seq}`,
          timestamp: Date.now() / 1000,
          peer: `192.0.2.${seq % 250}`,
          peerAsn: 64500,
          withdraw: ['129.134.30.0/24'],
        });
        fake.send(msg);
        // Overlapping subscriptions (the ASN's path and its prefixes) deliver some messages twice.
        if (seq % 3 === 0) fake.send(msg);
      }
    },
    publishMalformed: (n) => {
      for (let i = 0; i < n; i++) fake.send(RIS_MALFORMED[i % RIS_MALFORMED.length]!);
    },
    disrupt: () => fake.server.dropAll(),
    stall: () => {
      fake.server.silent = true;
      fake.server.dropAll();
    },
    recover: () => {
      fake.server.silent = false;
      fake.server.dropAll();
    },
    counted: () => sum(repo, 'facebook', 'routing'),
    connections: () => fake.server.urls.length,
    resumedFrom: () => undefined,
    close: async () => {
      await fake.close();
      await cleanup();
    },
  };
}

export async function statusHarness(
  kind: PageKind,
): Promise<AdapterHarness & { poller: StatusPoller; page: FakeStatusPage }> {
  const { repo, cleanup } = await tempStore();
  const page = new FakeStatusPage(kind);
  const url = await page.start();
  const poller = new StatusPoller(
    {
      name: `status:${url}`,
      kind,
      url,
      provider: 'example',
      providerName: 'Example',
      services: [{ slug: 'example', component: undefined }],
    },
    repo,
    systemClock,
    {
      intervalMs: 5,
      timeoutMs: 300,
      backoffMinMs: 1,
      backoffMaxMs: 5,
      staleAfterFailures: 2,
      policy: { allowPrivate: true },
    },
  );
  let seq = 0;
  const letters = (n: number) => n.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!);
  return {
    adapter: poller,
    poller,
    page,
    publish: (n) => {
      for (let i = 0; i < n; i++) {
        seq++;
        page.post(
          `inc${seq}`,
          `Elevated errors on the API ${letters(seq)}`,
          'investigating',
          'We are investigating reports of errors.',
          Date.now(),
        );
      }
    },
    publishMalformed: (n) => page.faults.push(...Array<'malformed'>(n).fill('malformed')),
    disrupt: () => page.faults.push('reset', 'reset', 'reset'),
    stall: () => page.faults.push('slow', 'slow', 'slow'),
    recover: () => undefined,
    counted: async () =>
      (await repo.eventsOf({ service: 'example', from: 0, to: FAR, limit: 100_000 })).length,
    connections: () => page.requests,
    resumedFrom: () => page.conditional,
    close: async () => {
      await page.close();
      await cleanup();
    },
  };
}
