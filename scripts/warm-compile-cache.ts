/**
 * Fills Node's compile cache for the CLI (run by `npm ci`/`npm install` as the `prepare` script).
 *
 * Node 24 strips TypeScript types with a WebAssembly build of swc that it loads on the first `.ts`
 * file a thread meets, and keeps for the thread's life: about 18 MB of resident memory in the main
 * thread and again in every worker thread. With NODE_COMPILE_CACHE set (bin/downwatch and
 * `npm start` set it to node_modules/.cache/downwatch-compile), a module whose stripped code is in
 * the cache is loaded without it. This runs `downwatch --help` (which imports every command) and a
 * one-line `downwatch import` (which starts the report writer thread) with the cache on, so the
 * first `npm start` after an install is already warm. It never fails the install.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMPILE_CACHE_DIR = 'node_modules/.cache/downwatch-compile';

/** Runs `downwatch --help` and a one-line import with the compile cache on (never throws). */
function warm(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const env = { ...process.env, NODE_COMPILE_CACHE: join(root, COMPILE_CACHE_DIR), DATABASE_URL: '' };
  const dir = mkdtempSync(join(tmpdir(), 'downwatch-warm-'));
  try {
    const file = join(dir, 'one.ndjson');
    writeFileSync(
      file,
      `${JSON.stringify({ service: 'facebook', problem: 'login', at: new Date().toISOString() })}\n`,
    );
    const runs = [
      ['src/cli/main.ts', '--help'],
      ['src/cli/main.ts', 'import', file, '--data-dir', join(dir, 'data')],
    ];
    for (const args of runs) {
      const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
      if (r.status !== 0) {
        process.stderr.write(
          `warm-compile-cache: \`downwatch ${args.slice(1).join(' ')}\` exited ${r.status}; the first start will fill the cache instead.\n${r.stderr}`,
        );
        break;
      }
    }
    process.stdout.write(`warm-compile-cache: Node's compile cache is in ${COMPILE_CACHE_DIR}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Only as a program (`npm ci` runs it); bench/support/serve.ts imports COMPILE_CACHE_DIR alone.
if (import.meta.main) warm();
