import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { TEST_STREAM } from '../testing/harnesses.ts';
import { type SseEvent, SseStream } from './sse-stream.ts';

/** A server that writes the given chunks one by one, each flushed on its own, then holds the stream open. */
async function chunkedServer(chunks: string[]) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    let i = 0;
    const next = () => {
      if (i >= chunks.length) return;
      res.write(chunks[i++]);
      setTimeout(next, 15);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function collect(chunks: string[], count: number): Promise<SseEvent[]> {
  const srv = await chunkedServer(chunks);
  const events: SseEvent[] = [];
  let done: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => {
    done = resolve;
  });
  const stream = new SseStream(
    {
      request: () => ({ url: srv.url, headers: {} }),
      onEvent: (e) => {
        events.push(e);
        if (events.length >= count) done();
      },
    },
    TEST_STREAM,
  );
  stream.start();
  await enough;
  await stream.stop();
  await srv.close();
  return events;
}

test('a CR and its LF in different chunks end one line, not the event', async () => {
  const events = await collect(
    ['event: update\r', '\ndata: {"a":\r', '\ndata: 1}\r\n', '\r\n', 'data: second\r\n\r\n'],
    2,
  );
  assert.deepEqual(
    events.map((e) => [e.event, e.data]),
    [
      ['update', '{"a":\n1}'],
      ['message', 'second'],
    ],
  );
});

test('an event split anywhere in its field names arrives whole', async () => {
  const events = await collect(['ev', 'ent: delete\nda', 'ta: 42\n', '\n'], 1);
  assert.deepEqual(events, [{ event: 'delete', data: '42', id: undefined }]);
});
