import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const BATCH = /^batch-(\d{13})-(\d{6})\.json$/;

/**
 * The agent's write-ahead buffer: every batch of results is written to its own file (written to a
 * temporary name, fsynced, renamed, directory fsynced) before it is sent, and removed only after the
 * server acknowledged it. A kill -9 at any moment leaves whole batches or none; a batch that was
 * sent but not yet removed is sent again, and the server counts it once (results have ids).
 */
export class DiskBuffer {
  readonly dir: string;
  #seq = 0;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }

  /** Durably stores a batch; returns its file name. */
  write(body: unknown, now = Date.now()): string {
    const name = `batch-${String(now).padStart(13, '0')}-${String(this.#seq++ % 1_000_000).padStart(6, '0')}.json`;
    this.#atomicWrite(name, JSON.stringify(body));
    return name;
  }

  /** Batches waiting to be sent, oldest first. */
  pending(): string[] {
    return readdirSync(this.dir)
      .filter((f) => BATCH.test(f))
      .sort();
  }

  read(name: string): unknown {
    return JSON.parse(readFileSync(join(this.dir, name), 'utf8'));
  }

  /** Forgets an acknowledged batch. */
  remove(name: string): void {
    rmSync(join(this.dir, name), { force: true });
  }

  /** Sets a batch the server refused as malformed aside (kept for inspection, never resent). */
  reject(name: string): void {
    renameSync(join(this.dir, name), join(this.dir, `${name}.rejected`));
  }

  /** A small state file (the last check list), written atomically. */
  save(name: string, value: unknown): void {
    this.#atomicWrite(name, JSON.stringify(value));
  }

  load(name: string): unknown {
    try {
      return JSON.parse(readFileSync(join(this.dir, name), 'utf8'));
    } catch {
      return undefined;
    }
  }

  #atomicWrite(name: string, text: string): void {
    const tmp = join(this.dir, `${name}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, name));
    const dfd = openSync(this.dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }
}
