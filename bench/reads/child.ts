/**
 * A benchmark child process over IPC, speaking bench/intake's protocol: it sends
 * `{ type: 'ready', port }`, answers `{ type: 'close' }` with `{ type: 'closed' }` and exits, and
 * reports failures as `{ type: 'error', message }`. Children are killed if the bench stops early.
 */
import { type ChildProcess, fork } from 'node:child_process';

type Message = { type: string; [k: string]: unknown };

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** A forked script and the messages it sends. */
export class Child {
  readonly label: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;

  constructor(label: string, script: string, args: string[]) {
    this.label = label;
    // Logs (pino on stdout) and warnings go to our stderr.
    this.#child = fork(script, args, { stdio: ['ignore', 2, 'inherit', 'ipc'] });
    live.add(this.#child);
    this.#exited = new Promise((resolve) =>
      this.#child.once('exit', (code) => {
        live.delete(this.#child);
        resolve(code);
      }),
    );
  }

  /** Waits for the next message of a type (or fails on an error message, an exit or the timeout). */
  next(type: string, timeoutMs = 120_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const done = (e: Error | undefined, m?: Message) => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        if (e || !m) reject(e);
        else resolve(m);
      };
      const onMessage = (m: Message) => {
        if (m.type === type) done(undefined, m);
        else if (m.type === 'error') done(new Error(`${this.label}: ${String(m.message)}`));
      };
      const onExit = (code: number | null) =>
        done(new Error(`${this.label} exited (${code}) before "${type}"`));
      const timer = setTimeout(
        () => done(new Error(`${this.label}: no "${type}" in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
    });
  }

  send(m: Message): void {
    this.#child.send(m);
  }

  /** The port from the child's `ready` message. */
  async port(): Promise<number> {
    return Number((await this.next('ready')).port);
  }

  async close(): Promise<void> {
    this.send({ type: 'close' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 60_000);
    await this.#exited;
    clearTimeout(timer);
  }
}
