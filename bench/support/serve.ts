import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/**
 * Starts `downwatch serve` as its own process with the same V8 flag as `npm start`, on 127.0.0.1
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
      'src/cli/main.ts',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { env: { ...process.env, DOWNWATCH_LOG_LEVEL: 'warn', DATABASE_URL: '', ...env } },
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
