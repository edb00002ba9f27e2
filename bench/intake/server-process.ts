/**
 * A bench/intake server (server.ts) in its own child process, and the IPC conversation with it:
 * ready, mark, stats, close.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromChild, Kind, ServerStats, ToChild } from './server.ts';

const SERVER_SCRIPT = fileURLToPath(new URL('./server.ts', import.meta.url));

/** Children still running, killed if the bench stops early. */
export const live = new Set<ChildProcess>();

/** How the child runs: its log level, another checkout's src/ to measure, a directory for CPU profiles. */
export type ServerOptions = { logLevel: string; srcDir: string; cpuProfDir?: string | undefined };

/** A server child process and its IPC conversation. */
export class ServerProcess {
  readonly kind: Kind;
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  port = 0;
  pid = 0;

  constructor(kind: Kind, opts: ServerOptions, dataDir: string) {
    this.kind = kind;
    const verbose = opts.logLevel === 'info';
    this.#child = fork(SERVER_SCRIPT, [kind, opts.logLevel, dataDir, opts.srcDir], {
      execArgv: opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [],
      // Logs (pino on stdout) go to /dev/null at info level; otherwise to our stderr, where warnings show.
      stdio: ['ignore', verbose ? 'ignore' : 2, 'inherit', 'ipc'],
    });
    live.add(this.#child);
    this.pid = this.#child.pid ?? 0;
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code) => {
        live.delete(this.#child);
        resolve(code);
      });
    });
  }

  #await<T extends FromChild['type']>(type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve, reject) => {
      const done = (e?: Error, m?: Extract<FromChild, { type: T }>) => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        if (e) reject(e);
        else resolve(m as Extract<FromChild, { type: T }>);
      };
      const onMessage = (m: FromChild) => {
        if (m.type === type) done(undefined, m as Extract<FromChild, { type: T }>);
        else if (m.type === 'error') done(new Error(`${this.kind} server: ${m.message}`));
      };
      const onExit = (code: number | null) =>
        done(new Error(`${this.kind} server exited (${code}) while waiting for "${type}"`));
      const timer = setTimeout(
        () => done(new Error(`${this.kind} server: no "${type}" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
    });
  }

  #send(m: ToChild): void {
    this.#child.send(m);
  }

  async ready(): Promise<void> {
    this.port = (await this.#await('ready', 60_000)).port;
  }

  mark(): void {
    this.#send({ type: 'mark' });
  }

  async stats(): Promise<ServerStats> {
    const reply = this.#await('stats', 10_000);
    this.#send({ type: 'stats' });
    return (await reply).stats;
  }

  /** Closes gracefully (intake drains its pending batch) and waits for the process to exit. */
  async close(): Promise<void> {
    const exited = this.#exited;
    this.#send({ type: 'close' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 60_000);
    const code = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`${this.kind} server exited with code ${code}`);
  }
}
