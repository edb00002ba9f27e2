import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { systemClock } from '../../shared/time.ts';
import type { SourcesRepo } from '../repo/sources-repo.ts';
import { FakeStatusPage } from '../testing/fake-status-page.ts';
import { tempStore } from '../testing/harnesses.ts';
import { StatusPoller, type StatusSourceSpec } from './status-poller.ts';

let repo: SourcesRepo;
let cleanup: () => Promise<void>;
before(async () => {
  ({ repo, cleanup } = await tempStore());
});
after(() => cleanup());

const FAST = {
  intervalMs: 5,
  // The "slow" fault never answers, so a generous deadline changes nothing but a busy machine's luck.
  timeoutMs: 1000,
  backoffMinMs: 1,
  backoffMaxMs: 5,
  staleAfterFailures: 2,
  policy: { allowPrivate: true },
};
const FAR = Date.UTC(2100, 0, 1);

function spec(url: string): StatusSourceSpec {
  return {
    name: `status:${url}`,
    kind: 'statuspage',
    url,
    provider: 'meta',
    providerName: 'Meta',
    services: [
      { slug: 'facebook', component: 'Facebook Login' },
      { slug: 'instagram', component: 'Instagram' },
    ],
  };
}

test('statuspage: component changes become "Meta status: …" events for the right service, once', async () => {
  const page = new FakeStatusPage('statuspage');
  const url = await page.start();
  const t0 = Date.now() - 30 * 60_000;
  page.setComponent('fbl', 'Facebook Login', 'operational', t0);
  page.setComponent('ig', 'Instagram', 'operational', t0);
  const poller = new StatusPoller(spec(url), repo, systemClock, FAST);
  try {
    await poller.poll();
    assert.equal(
      (await repo.eventsOf({ service: 'facebook', from: 0, to: FAR, limit: 10 })).length,
      0,
      'operational at first: nothing to say',
    );
    page.setComponent('fbl', 'Facebook Login', 'major_outage', t0 + 17 * 60_000);
    await poller.poll();
    await poller.poll();
    assert.ok(page.notModified >= 1, 'the unchanged page is not sent again (ETag)');
    const [e] = await repo.eventsOf({ service: 'facebook', from: 0, to: FAR, limit: 10 });
    assert.equal(e?.message, 'Meta status: Facebook Login — major outage');
    assert.equal(e?.at, t0 + 17 * 60_000, "the page's own time of the change");
    assert.equal(e?.ack, true);
    assert.deepEqual(e?.services, ['facebook']);
    assert.equal((await repo.eventsOf({ service: 'instagram', from: 0, to: FAR, limit: 10 })).length, 0);

    page.post(
      'inc1',
      'Facebook Login failures',
      'investigating',
      'Users are being logged out.',
      t0 + 20 * 60_000,
      ['Facebook Login'],
    );
    await poller.poll();
    page.post(
      'inc1',
      'Facebook Login failures',
      'resolved',
      'This incident has been resolved.',
      t0 + 29 * 60_000,
      ['Facebook Login'],
    );
    await poller.poll();
    const messages = (await repo.eventsOf({ service: 'facebook', from: 0, to: FAR, limit: 10 })).map(
      (x) => x.message,
    );
    assert.ok(
      messages.includes('Meta status: Facebook Login failures — investigating: Users are being logged out.'),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /Facebook Login failures — resolved/.test(m)),
      'an incident that leaves the summary has been resolved',
    );

    // A restarted node reads the last state from the store and says nothing twice.
    const again = new StatusPoller(spec(url), repo, systemClock, FAST);
    await again.poll();
    assert.equal(again.stats().accepted, 0);
    assert.equal(
      (await repo.eventsOf({ service: 'facebook', from: 0, to: FAR, limit: 10 })).length,
      messages.length,
    );
  } finally {
    await page.close();
  }
});

test('an unreachable page keeps its last known state, marked stale, until it answers again', async () => {
  const page = new FakeStatusPage('statuspage');
  const url = await page.start();
  page.setComponent('fbl', 'Facebook Login', 'partial_outage', Date.now() - 60_000);
  const poller = new StatusPoller({ ...spec(url), name: 'status:stale-test' }, repo, systemClock, FAST);
  try {
    await poller.poll();
    assert.equal(poller.state()?.stale, false);
    page.faults.push('slow', 'error');
    await poller.poll();
    assert.equal(poller.state()?.stale, false, 'one failure is not yet stale');
    await poller.poll();
    const stored = await repo.officialState('status:stale-test');
    assert.equal(stored?.stale, true);
    assert.equal(stored?.error, 'HTTP 503');
    assert.ok(JSON.stringify(stored?.state).includes('partial_outage'), 'the last known state is kept');
    await poller.poll();
    assert.equal((await repo.officialState('status:stale-test'))?.stale, false);
  } finally {
    await page.close();
  }
});

test('an older copy of the page (a stale CDN edge) is ignored', async () => {
  const page = new FakeStatusPage('statuspage');
  const url = await page.start();
  const t0 = Date.now() - 10 * 60_000;
  page.post('inc1', 'Login errors', 'investigating', 'Looking into it.', t0);
  const old = page.render();
  page.post('inc2', 'Feed errors', 'investigating', 'Looking into that too.', t0 + 60_000);
  const poller = new StatusPoller(
    { ...spec(url), name: 'status:cdn-test', services: [{ slug: 'cdn', component: undefined }] },
    repo,
    systemClock,
    FAST,
  );
  try {
    await poller.poll();
    const before = (await repo.eventsOf({ service: 'cdn', from: 0, to: FAR, limit: 10 })).length;
    assert.equal(before, 2);
    page.override = old;
    await poller.poll();
    page.override = undefined;
    await poller.poll();
    assert.equal(
      (await repo.eventsOf({ service: 'cdn', from: 0, to: FAR, limit: 10 })).length,
      before,
      'no false "resolved" and no repeat',
    );
  } finally {
    await page.close();
  }
});

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

test('a 302 from the status page to a loopback URL is refused when private addresses are not allowed', async () => {
  // The page itself is allowed by name (127.0.0.1, as a public page would be); the redirect points
  // at another loopback address where a "secret" service listens and must see no request.
  let secretHits = 0;
  const secret = createServer((_req, res) => {
    secretHits++;
    res.end('{"page":{},"components":[],"incidents":[]}');
  });
  const secretPort = await listen(secret, '127.0.0.2');
  const page = createServer((_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.2:${secretPort}/api/v2/summary.json` }).end();
  });
  const pagePort = await listen(page, '127.0.0.1');
  const url = `http://127.0.0.1:${pagePort}`;
  const poller = new StatusPoller({ ...spec(url), name: 'status:redirect-test' }, repo, systemClock, {
    ...FAST,
    policy: { allowPrivate: false, allow: ['127.0.0.1'] },
  });
  try {
    await poller.poll();
    assert.equal(secretHits, 0, 'the redirect target was never contacted');
    const state = await repo.officialState('status:redirect-test');
    assert.match(state?.error ?? '', /127\.0\.0\.2.*private or reserved/);
  } finally {
    await new Promise((r) => page.close(r));
    await new Promise((r) => secret.close(r));
  }
});
