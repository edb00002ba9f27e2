/**
 * The SQLite report writer's thread (see report-writer.ts): its own connection, the in-memory
 * window claims, one append transaction at a time, in the order the batches arrive.
 *
 * Durability is group-synced: COMMIT runs with synchronous=NORMAL (it writes the WAL frames but
 * does not wait for the disk), then the WAL file is fdatasync'ed on libuv's thread pool, and only
 * then are the batches committed before that sync began acknowledged. The guarantee is the one
 * synchronous=FULL gives (a reply means the transaction is on disk), but the thread goes on with
 * the next batch while the disk works, and one sync covers every batch committed meanwhile.
 *
 * Counters are not upserted per batch: about once a second, inside a batch's transaction, and when
 * asked ('derive', before a read of counters) the thread adds the reports committed since the
 * counter watermark to the minute and hour counters (derive-counters.ts). That halves the work per
 * report, and a crash loses nothing: the next derivation starts from the watermark.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../../shared/thread-priority.ts';
import { appendReports, deferCounters } from '../sql/append-reports.ts';
import type { AppendResult, NewReport } from '../store.ts';
import { deriveCounters } from './derive-counters.ts';
import { insertEach } from './insert-each.ts';
import { immediateTransaction, sqliteConnection } from './sqlite-connection.ts';
import { WindowClaims } from './window-claims.ts';

export type WriterRequest =
  | { type: 'append'; id: number; batch: NewReport[] }
  | { type: 'derive'; id: number }
  | { type: 'close' };
export type WriterReply =
  | { type: 'appended'; id: number; results: AppendResult[] }
  | { type: 'derived'; id: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('report-writer.worker.ts runs as a worker thread');
/**
 * Nice +5 against the event loop (docs/adr/0014): on a machine with few cores, each batch's
 * message would otherwise wake this thread on the loop's core and preempt the loop mid-request.
 * At a lower priority it waits for a free core or the loop's next pause, and batches grow to match.
 */
const WRITER_NICE = 5;
lowerThreadPriority(WRITER_NICE);
const file = (workerData as { file: string }).file;
const { db, exec } = sqliteConnection(file, 'NORMAL');
// This connection checkpoints the WAL itself every 1,000 pages, between two of its own
// transactions, so the checkpoint always catches up and the WAL restarts from its beginning: the
// checkpointer thread alone could not catch up with a writer that never pauses (the WAL grew by
// 50 MB/s under a flood), and every sync of a growing file costs more.
db.exec('PRAGMA wal_autocheckpoint = 1000');
const claims = new WindowClaims();
const insert = insertEach(db);

/** Longest a committed report waits before its counters are derived, unless a read asks first. */
const DERIVE_EVERY_MS = 1000;
/** When counters were last derived, and whether reports were committed since. */
let derivedAt = Date.now();
let underived = false;
let deriveTimer: NodeJS.Timeout | undefined;

async function append(batch: NewReport[]): Promise<AppendResult[]> {
  let due = false;
  try {
    const results = await immediateTransaction(db, async () => {
      const out = await appendReports(exec, batch, claims.claims, deferCounters, insert);
      due = Date.now() - derivedAt >= DERIVE_EVERY_MS;
      if (due) await deriveCounters(exec);
      return out;
    });
    if (due) derived();
    else underived = true;
    // An idle writer still derives within DERIVE_EVERY_MS of the last report.
    deriveTimer ??= setTimeout(() => {
      deriveTimer = undefined;
      enqueue({ type: 'derive', id: 0 });
    }, DERIVE_EVERY_MS);
    return results;
  } catch (e) {
    // The claims made in memory for this batch were not written: start again from the file.
    claims.reset();
    throw e;
  }
}

function derived(): void {
  derivedAt = Date.now();
  underived = false;
}

/** Derives the counters of every report committed so far, in a transaction of its own. */
async function derive(): Promise<void> {
  if (!underived) return;
  await immediateTransaction(db, () => deriveCounters(exec));
  derived();
}

let walFd: number | undefined;
let dirSynced = false;
/** Flushes the WAL's data to the disk: one fdatasync on the thread pool, on a descriptor kept open. */
function syncWal(): Promise<void> {
  walFd ??= openSync(`${file}-wal`, 'r');
  const fd = walFd;
  return new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
}

/** The WAL's directory entry, once: a new file is durable only once its directory is. */
function syncDirOnce(): void {
  if (dirSynced) return;
  const fd = openSync(dirname(file), 'r');
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  dirSynced = true;
}

type Committed = { id: number; results: AppendResult[] };
/** Committed, waiting for a WAL sync that starts after their COMMIT. */
let unsynced: Committed[] = [];
let syncing: Promise<void> | undefined;

/** Starts a sync for everything committed so far, unless one is running (it restarts when that ends). */
function sync(): void {
  if (syncing || unsynced.length === 0) return;
  const group = unsynced;
  unsynced = [];
  syncing = (async () => {
    try {
      syncDirOnce();
      await syncWal();
      for (const c of group) port?.postMessage({ type: 'appended', id: c.id, results: c.results });
    } catch (e) {
      const message = `the report store could not sync to disk: ${e instanceof Error ? e.message : String(e)}`;
      for (const c of group) port?.postMessage({ type: 'failed', id: c.id, message });
    } finally {
      syncing = undefined;
      sync();
    }
  })();
}

async function handle(m: WriterRequest): Promise<void> {
  switch (m.type) {
    case 'append':
      try {
        unsynced.push({ id: m.id, results: await append(m.batch) });
        sync();
      } catch (e) {
        port?.postMessage({ type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) });
      }
      return;
    case 'derive':
      try {
        await derive();
        if (m.id !== 0) port?.postMessage({ type: 'derived', id: m.id });
      } catch (e) {
        const message = `the counters could not be derived: ${e instanceof Error ? e.message : String(e)}`;
        if (m.id !== 0) port?.postMessage({ type: 'failed', id: m.id, message });
      }
      return;
    case 'close':
      if (deriveTimer) clearTimeout(deriveTimer);
      // Best effort: whatever is left is derived when the file is next opened.
      await derive().catch(() => undefined);
      while (syncing) await syncing;
      db.close();
      if (walFd !== undefined) closeSync(walFd);
      port?.postMessage({ type: 'closed' });
      return;
  }
}

let queue: Promise<unknown> = Promise.resolve();
/** Requests run one at a time, in the order they arrive. */
function enqueue(m: WriterRequest): void {
  queue = queue.then(() => handle(m));
}
port.on('message', enqueue);
