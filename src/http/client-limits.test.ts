import assert from 'node:assert/strict';
import http from 'node:http';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { createTestApp } from '../app/testing/test-app.ts';
import { ClientLimits } from './client-limits.ts';
import { toProblem } from './problem.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; res: http.IncomingMessage };

/**
 * One GET over a real socket from a chosen loopback address. Streams (text/event-stream) resolve
 * at their headers and stay open until the caller destroys `res`.
 */
function get(base: string, path: string, from = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, base), { localAddress: from, agent: false }, (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', res });
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, res }));
    });
    req.on('error', reject);
  });
}

describe('per-client limits on the real server', () => {
  let app: TestApp;
  let base = '';
  before(async () => {
    app = await createTestApp();
    await app.ctx.snapshot.refresh();
    base = await app.server.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => app.cleanup());

  test('a flood of store-bound reads from one address is refused with 429; cached reads and other addresses go on', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 80; i++) answers.push(await get(base, '/api/v1/reports?limit=1000'));
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(answers.filter((a) => a.status === 200).length >= 60, 'the burst is served');
    assert.ok(refused.length >= 10, `${refused.length} refused`);
    const first = refused[0];
    assert.ok(first);
    assert.match(String(first.headers['content-type']), /^application\/problem\+json/);
    assert.ok(Number(first.headers['retry-after']) >= 1, 'Retry-After says when to come back');
    const problem: unknown = JSON.parse(first.body);
    assert.ok(typeof problem === 'object' && problem !== null && 'status' in problem);
    assert.equal(problem.status, 429);
    assert.doesNotMatch(first.body, /at .+\.ts:\d+/, 'no stack trace');
    // What is served from memory is not limited; nor is another address of the same network yet.
    assert.equal((await get(base, '/api/v1/status')).status, 200);
    assert.equal((await get(base, '/api/v1/reports?limit=1', '127.0.0.2')).status, 200);
  });

  test('one address holds at most 20 live streams; another address still gets one', async () => {
    const open: Answer[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const a = await get(base, '/api/v1/live');
        open.push(a);
        assert.equal(a.status, 200, `stream ${i + 1}`);
      }
      const refused = await get(base, '/api/v1/live');
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      const other = await get(base, '/api/v1/live', '127.0.0.3');
      open.push(other);
      assert.equal(other.status, 200, 'a second address of the network');
      // A closed stream gives its slot back.
      const closed = open.shift();
      const gone = new Promise((done) => closed?.res.once('close', done));
      closed?.res.destroy();
      await gone;
      for (let i = 0; i < 50; i++) {
        const again = await get(base, '/api/v1/live');
        if (again.status === 200) {
          open.push(again);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(open.length, 21, 'the freed slot is taken again');
    } finally {
      for (const a of open) a.res.destroy();
    }
  });
});

describe('ClientLimits', () => {
  /** A bare Fastify app with the limits on two routes and its log lines captured. */
  async function limitedApp(limits: ClientLimits) {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'warn', stream } });
    app.setErrorHandler(async (err, req, reply) => {
      const p = toProblem(err, req.id, req.url);
      return reply.code(p.status).headers(p.headers).send(p.body);
    });
    app.get('/q', async (req) => {
      limits.costly(req);
      return 'ok';
    });
    const held: (() => void)[] = [];
    app.get('/slot', async (req) => {
      held.push(limits.liveSlot(req));
      return 'ok';
    });
    return { app, lines, held };
  }

  test('live slots are limited per address and per /24; releasing gives one back', async () => {
    const limits = new ClientLimits({ liveAddress: 2, liveNetwork: 3 });
    const { app, held } = await limitedApp(limits);
    const slot = (ip: string) => app.inject({ url: '/slot', remoteAddress: ip }).then((r) => r.statusCode);
    assert.deepEqual(
      [await slot('10.1.2.3'), await slot('10.1.2.3'), await slot('10.1.2.3')],
      [200, 200, 429],
    );
    assert.equal(await slot('10.1.2.4'), 200, 'the network has a third slot');
    assert.equal(await slot('10.1.2.5'), 429, 'the /24 is full');
    assert.equal(await slot('10.1.3.5'), 200, 'another /24 is not');
    held[0]?.();
    held[0]?.();
    assert.equal(limits.streamsOf('10.1.2.3'), 1, 'a release counts once');
    assert.equal(await slot('10.1.2.5'), 200);
    assert.equal(await slot('2001:db8:1:2::1'), 200);
    assert.equal(await slot('2001:db8:1:2::2'), 200);
    assert.equal(await slot('2001:db8:1:2::3'), 429, 'IPv6 counts by its /64');
  });

  test('refusals are one short warning per client per second, without a stack', async () => {
    const limits = new ClientLimits({ costlyBurst: 1, costlyPerMinute: 1 });
    const { app, lines } = await limitedApp(limits);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await app.inject({ url: '/q', remoteAddress: '10.9.9.9' })).statusCode);
    assert.equal(statuses.filter((s) => s === 429).length, 39);
    const warnings = lines.filter((l) => l.includes('client over its limit'));
    assert.equal(warnings.length, 1, 'one line for 39 refusals within a second');
    assert.ok(Buffer.byteLength(warnings[0] ?? '') < 300, 'short');
    assert.doesNotMatch(lines.join('\n'), /stack|10\.9\.9\.9/, 'no stack, no address');
    assert.equal((await app.inject({ url: '/q', remoteAddress: '10.9.9.10' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/q', remoteAddress: '10.9.9.10' })).statusCode, 429);
    assert.equal(
      lines.filter((l) => l.includes('client over its limit')).length,
      2,
      'another client refused has its own line',
    );
  });
});
