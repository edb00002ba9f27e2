/**
 * One verify: node version, types, lint and format, architecture rules, the lockfile, the
 * generated `.env.example` and `docs/openapi.json`, Redocly's recommended rules on the latter. Fast enough for every
 * commit; `npm test` runs it before the tests.
 */
import { spawnSync } from 'node:child_process';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `verify: Node ${process.versions.node} is running; Downwatch needs Node 24 (run npm ci, then use npm scripts, which put node_modules/.bin first on PATH).`,
  );
  process.exit(1);
}

// Redocly runs offline: no telemetry, no update check.
process.env.REDOCLY_TELEMETRY = 'off';
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE = 'true';

const steps: [string, string, string[]][] = [
  ['types', 'tsc', ['-p', 'tsconfig.json']],
  ['lint and format', 'biome', ['check', '--error-on-warnings', '.']],
  ['architecture', 'node', ['scripts/check-architecture.ts']],
  ['lockfile', 'node', ['scripts/lock-platforms.ts', '--check']],
  ['.env.example', 'node', ['scripts/env-example.ts', '--check']],
  ['openapi.json', 'node', ['scripts/openapi.ts', '--check']],
  ['redocly lint', 'redocly', ['lint', '--format', 'summary', 'docs/openapi.json']],
];
let failed = 0;
for (const [name, cmd, args] of steps) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  if (!ok) failed++;
  console.log(`verify: ${name} ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
}
process.exit(failed ? 1 : 0);
