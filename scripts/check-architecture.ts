/**
 * Architecture rules: which top-level folder of src/ may import which, and where process.env may
 * be read. Domain folders never import adapters (http, cli, app); the detector stays pure.
 * Run by `npm run verify`; prints each violation with file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '../src');

const DOMAIN = [
  'shared',
  'i18n',
  'config',
  'catalog',
  'store',
  'detector',
  'scenarios',
  'intake',
  'status',
  'incidents',
  'probes',
  'alerts',
  'sources',
  'web',
  'publish',
  'metrics',
];
/** folder → folders it may import (itself is always allowed). */
const ALLOWED: Record<string, string[]> = {
  shared: [],
  // The one catalogue of texts (site, alerts, emails) and the translator over the catalog's names.
  i18n: ['shared', 'catalog'],
  config: ['shared'],
  catalog: ['shared'],
  store: ['shared'],
  detector: ['shared'],
  scenarios: ['shared', 'detector', 'catalog'],
  intake: ['shared', 'catalog', 'store'],
  incidents: ['shared', 'catalog', 'store', 'detector'],
  status: ['shared', 'catalog', 'store', 'detector', 'incidents'],
  probes: ['shared', 'catalog', 'store', 'incidents'],
  sources: ['shared', 'catalog', 'store', 'incidents'],
  alerts: ['shared', 'i18n', 'catalog', 'store', 'incidents'],
  publish: ['shared', 'catalog', 'store', 'status', 'incidents'],
  metrics: ['shared'],
  // Every HTML page, the subscription pages included (hence alerts' words and types).
  web: ['shared', 'i18n', 'catalog', 'status', 'incidents', 'alerts'],
  http: [...DOMAIN],
  app: [...DOMAIN, 'http'],
  /** Runs a scenario through a built app in scenario time; only the CLI and tests drive it. */
  replay: [...DOMAIN, 'app'],
  cli: [...DOMAIN, 'app', 'replay'],
};
/** Files allowed to read process.env: the CLI entry, config parsing, test helpers. */
const ENV_OK = [/^cli\/main\.ts$/, /^config\//, /\/testing\//, /\.test\.ts$/];

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

const problems: string[] = [];
for (const file of files(SRC)) {
  const rel = relative(SRC, file);
  const from = rel.split('/')[0] ?? '';
  const isTest = /\.(test|contract)\.ts$/.test(rel) || rel.includes('/testing/');
  const allowed = ALLOWED[from];
  if (!allowed) problems.push(`${rel}: folder "${from}" has no rule in scripts/check-architecture.ts`);
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m =
        line.match(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/) ??
        line.match(/^\s*import\s+['"](\.[^'"]+)['"]/);
      if (m?.[1] && !isTest && allowed) {
        const target = relative(SRC, resolve(dirname(file), m[1])).split('/')[0] ?? '';
        if (target.startsWith('..')) problems.push(`${rel}:${i + 1}: imports outside src/ (${m[1]})`);
        else if (target !== from && !allowed.includes(target))
          problems.push(`${rel}:${i + 1}: "${from}" may not import "${target}" (${m[1]})`);
      }
      if (
        /process\.env\b/.test(line) &&
        !ENV_OK.some((r) => r.test(rel)) &&
        !line.trim().startsWith('//') &&
        !line.trim().startsWith('*')
      ) {
        problems.push(`${rel}:${i + 1}: reads process.env; take the value from Config instead`);
      }
    });
}

if (problems.length > 0) {
  console.error(`Architecture: ${problems.length} violation(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('Architecture: OK');
