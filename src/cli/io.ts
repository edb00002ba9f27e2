/** The streams a command writes to; tests pass their own. */
export type Io = {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
};

export const processIo = (): Io => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });

/** A command: arguments after its name in, exit code out. */
export type Command = {
  name: string;
  summary: string;
  run: (args: string[], io: Io, env: NodeJS.ProcessEnv) => Promise<number>;
};

/** Thrown for a usage mistake; main prints the sentence and exits 2. */
export class UsageError extends Error {}
