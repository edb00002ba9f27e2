import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

// Runs in the worker: its own connection, a passive checkpoint every `everyMs`.
const SOURCE = `
const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
const { workerData, parentPort } = process.getBuiltinModule('node:worker_threads');
const db = new DatabaseSync(workerData.file);
db.exec('PRAGMA busy_timeout = 100');
const timer = setInterval(() => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.postMessage('closed'); });
`;

/**
 * Moves WAL checkpoints off the event loop: the writer stops checkpointing on commit (where a
 * checkpoint's copy and fsync stalled intake for 20–50 ms) and a worker thread checkpoints
 * passively instead. If the worker dies, the writer checkpoints on commit again, so the WAL
 * cannot grow without bound.
 */
export function startCheckpointer(
  file: string,
  writer: DatabaseSync,
  everyMs = 500,
): { stop: () => Promise<void> } {
  writer.exec('PRAGMA wal_autocheckpoint = 0');
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, everyMs } });
  worker.unref();
  let stopping = false;
  const fallback = () => {
    if (!stopping && writer.isOpen) writer.exec('PRAGMA wal_autocheckpoint = 1000');
  };
  worker.on('error', fallback);
  worker.on('exit', fallback);
  let stopped: Promise<void> | undefined;
  return {
    // Idempotent: a second close must not wait for a worker that has already gone.
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        const closed = new Promise<void>((resolve) => {
          worker.once('message', () => resolve());
          worker.once('exit', () => resolve());
        });
        // Unref'd while running so it never keeps a process alive; held while we wait for its reply.
        worker.ref();
        worker.postMessage('stop');
        await closed;
        await worker.terminate();
      })();
      return stopped;
    },
  };
}
