import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { createTestApp } from '../../app/testing/test-app.ts';

/** Opens the stream and resolves with each `status` event's data as it arrives. */
function listen(url: string, onEvent: (data: string) => void): Promise<{ ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/api/v1/live`, (res) => {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/event-stream/);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: status') && data) onEvent(data.slice(6));
          end = buffer.indexOf('\n\n');
        }
      });
      resolve({ ended: new Promise((done) => res.on('end', () => done())) });
    });
    req.on('error', reject);
  });
}

test('the live stream sends the status at once and again after each rebuild; close ends it', async () => {
  const app = await createTestApp({ rateLimitPerMinute: 1000 });
  try {
    const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
    const events: { s: Record<string, number[]>; i: unknown[] }[] = [];
    let wake = () => {};
    const stream = await listen(url, (d) => {
      events.push(JSON.parse(d));
      wake();
    });
    const next = (n: number) =>
      new Promise<void>((resolve) => {
        wake = () => events.length >= n && resolve();
        wake();
      });
    await next(1);
    assert.deepEqual(events[0]?.s.instagram, [0, 0, 0, null]);
    const posted = await app.server.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ service: 'instagram', problem: 'login', country: 'ID' }),
    });
    assert.equal(posted.statusCode, 201);
    await app.ctx.snapshot.refresh();
    await next(2);
    assert.deepEqual(events[1]?.s.instagram?.slice(1, 3), [1, 1]);
    // Closing the server ends open streams instead of waiting for them.
    await app.cleanup();
    await stream.ended;
  } finally {
    await app.cleanup().catch(() => undefined);
  }
});
