/**
 * A one-line progress display on stderr: a bar when the total is known, a counter otherwise.
 * On a non-TTY it prints a plain line at most every two seconds, so CI logs stay readable.
 */
export class Progress {
  readonly #out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly #label: string;
  readonly #total: number | undefined;
  #last = 0;
  readonly #start = Date.now();

  constructor(out: NodeJS.WritableStream, label: string, total?: number) {
    this.#out = out;
    this.#label = label;
    this.#total = total;
  }

  update(done: number, extra = ''): void {
    const now = Date.now();
    const tty = this.#out.isTTY === true;
    if (now - this.#last < (tty ? 100 : 2000)) return;
    this.#last = now;
    this.#out.write(`${tty ? '\r\x1b[2K' : ''}${this.#line(done, extra)}${tty ? '' : '\n'}`);
  }

  done(done: number, extra = ''): void {
    const tty = this.#out.isTTY === true;
    this.#out.write(`${tty ? '\r\x1b[2K' : ''}${this.#line(done, extra)}\n`);
  }

  #line(done: number, extra: string): string {
    const secs = ((Date.now() - this.#start) / 1000).toFixed(1);
    if (this.#total && this.#total > 0) {
      const f = Math.min(1, done / this.#total);
      const width = 30;
      const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
      return `${this.#label} [${bar}] ${(f * 100).toFixed(0)}% ${done.toLocaleString('en')}/${this.#total.toLocaleString('en')} ${extra} ${secs}s`;
    }
    return `${this.#label} ${done.toLocaleString('en')} ${extra} ${secs}s`;
  }
}
