import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { tempSqlite } from '../testing/engines.ts';

/** Name and nice value of each thread of this process, from /proc (Linux). */
function threads(): { tid: number; name: string; nice: number }[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // After "(name) ", the fields start at the third: nice is the 19th.
    const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    return { tid: Number(tid), name, nice };
  });
}

test('the report writer runs below the event loop’s priority (docs/adr/0014)', {
  skip: process.platform === 'linux' ? false : 'thread priorities are set on Linux only',
}, async () => {
  const { store, cleanup } = await tempSqlite();
  try {
    const before = new Set(threads().map((t) => t.tid));
    await store.appendReports([
      {
        service: 'facebook',
        problem: 'login',
        country: 'US',
        receivedAt: Date.UTC(2024, 2, 5, 15),
        identity: 'a',
        network: 'n',
        source: 'web',
      },
    ]);
    const now = threads();
    const main = now.find((t) => t.tid === process.pid);
    const started = now.filter((t) => !before.has(t.tid) && t.name === 'WorkerThread');
    assert.ok(main, 'the main thread is listed');
    assert.equal(started.length, 1, `one writer thread started: ${JSON.stringify(now)}`);
    assert.ok(
      started[0]!.nice > main.nice || started[0]!.nice === 19,
      `writer nice ${started[0]!.nice}, event loop nice ${main.nice}`,
    );
  } finally {
    await cleanup();
  }
});
