import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { COMPILE_CACHE_DIR } from '../../scripts/warm-compile-cache.ts';

/**
 * Starts `downwatch serve` as its own process with the same V8 flags and compile cache as `npm start`, on 127.0.0.1
 * and a free port, and resolves with its URL once it prints the start-up line.
 */
export async function startServe(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcessWithoutNullStreams }> {
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=4',
      '--gc-memory-reducer-start-delay-ms=1000',
      `--max-old-space-size=${process.env.DOWNWATCH_HEAP_MB ?? 256}`,
      'src/cli/main.ts',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    {
      env: {
        ...process.env,
        // As `npm start` and bin/downwatch run it: type-stripped modules from Node's compile cache.
        NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? COMPILE_CACHE_DIR,
        DOWNWATCH_LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        ...env,
      },
    },
  );
  child.stdout.resume();
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      const m = err.match(/on (http:\/\/[^\s]+)/);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return { url, child };
}
