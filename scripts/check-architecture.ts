/**
 * Architecture rules, for every file under src/ (tests, contract suites and testing/ helpers too):
 * - which top-level folder may import which (ALLOWED); domains never import adapters (http, cli,
 *   app, replay), the detector stays pure, the store imports only shared;
 * - a domain's repository (`<domain>/repo/`) is imported only by that domain and by the composition
 *   root (app/), which builds it once and hands it out; http/ imports no repository;
 * - the engine's raw SQL access (store/sql/, its drivers, open-store.ts and the test engines) is
 *   reached only by the store, repositories, app/, cli/ and tests: no domain or http code runs SQL;
 * - another domain's testing/ helpers serve tests only; tests may also build the whole app and use
 *   the seeded random (TEST_EXTRA);
 * - process.env is read only by the CLI entry, config parsing and tests;
 * - one website: only web/ writes HTML markup (http/ sends what web rendered), and the one HTML
 *   escaper is shared/escape-html.ts.
 * Run by `npm run verify` (`node scripts/check-architecture.ts [SRC_DIR]`, default src/); prints
 * each violation with file and line. test/check-architecture.test.ts proves it rejects them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const DOMAIN = [
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
  'mcp',
];
/** folder → folders it may import (itself is always allowed). */
export const ALLOWED: Record<string, string[]> = {
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
  /** The MCP tools read the public API through a given GET, so they need no domain. */
  mcp: ['shared'],
  // Every HTML page, the subscription pages included (hence alerts' words and types).
  web: ['shared', 'i18n', 'catalog', 'status', 'incidents', 'alerts'],
  http: [...DOMAIN],
  app: [...DOMAIN, 'http'],
  /** Runs a scenario through a built app in scenario time; only the CLI and tests drive it. */
  replay: [...DOMAIN, 'app'],
  cli: [...DOMAIN, 'app', 'replay'],
};
/**
 * What a test (or contract suite, or testing/ helper) may import beyond its folder's rule: the whole
 * app for tests that drive it end to end (app/testing/), and the one seeded random generator
 * (scenarios/random.ts) that synthetic data in tests is drawn from.
 */
const TEST_EXTRA = ['app/testing/', 'scenarios/random.ts'];
/** Files allowed to read process.env: the CLI entry, config parsing, test helpers. */
const ENV_OK = [/^cli\/main\.ts$/, /^config\//, /\/testing\//, /\.test\.ts$/];
/** An HTML tag in code: pages are rendered in web/, never in http/ (lowercase: `<P extends …>` is a type). */
const MARKUP =
  /<(?:!doctype|html|head|body|main|form|input|button|select|option|p|div|section|h[1-6]|ul|li|a|span|table)[\s>/]/;
/** An escaper's table entry for the double quote: there is one escaper, shared/escape-html.ts. */
const ESCAPER_TABLE = /['"]&quot;['"]/;
const THE_ESCAPER = 'shared/escape-html.ts';
/** The engine's raw SQL access: executors, drivers, opening a database, test engines. */
const ENGINE_INTERNALS = new Set(['sql', 'sqlite', 'postgres', 'testing', 'open-store.ts']);
/** Folders besides the store and repositories that may hold the engine's raw SQL access. */
const ENGINE_USERS = new Set(['store', 'app', 'cli']);

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

/**
 * Every relative import or re-export of a file, with its line: whole statements, so an import that
 * biome wraps over several lines is read like a one-line one.
 */
function importsOf(text: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const re =
    /^[ \t]*(?:import|export)\b(?:[^'";]*?\bfrom\s*)?['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2];
    if (spec) out.push({ spec, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** The violations under `src` (a directory laid out like src/), one line each. */
export function checkArchitecture(src: string): string[] {
  const problems: string[] = [];
  for (const file of files(src)) {
    const rel = relative(src, file);
    const [from = ''] = rel.split('/');
    const isTest = /\.(test|contract)\.ts$/.test(rel) || rel.includes('/testing/');
    const isRepo = rel.split('/')[1] === 'repo';
    const allowed = ALLOWED[from];
    const text = readFileSync(file, 'utf8');
    if (!allowed) problems.push(`${rel}: folder "${from}" has no rule in scripts/check-architecture.ts`);
    for (const { spec, line } of allowed ? importsOf(text) : []) {
      const where = `${rel}:${line}`;
      const target = relative(src, resolve(dirname(file), spec)).split('/');
      const [to = '', part = ''] = target;
      if (to.startsWith('..')) {
        problems.push(`${where}: imports outside src/ (${spec})`);
      } else if (
        to !== from &&
        !allowed?.includes(to) &&
        !(isTest && TEST_EXTRA.some((p) => target.join('/').startsWith(p)))
      ) {
        problems.push(`${where}: "${from}" may not import "${to}" (${spec})`);
      } else if (part === 'repo' && target.length > 2 && to !== from && from !== 'app') {
        problems.push(
          `${where}: "${from}" may not import the ${to} repository (${spec}); receive it from the composition root (src/app/)`,
        );
      } else if (
        to === 'store' &&
        ENGINE_INTERNALS.has(part) &&
        !ENGINE_USERS.has(from) &&
        !isRepo &&
        !isTest
      ) {
        problems.push(
          `${where}: "${from}" may not reach the store's raw SQL access (${spec}); only repositories, app/ and cli/ do`,
        );
      } else if (part === 'testing' && target.length > 2 && to !== from && !isTest) {
        problems.push(`${where}: only tests may use another folder's testing helpers (${spec})`);
      }
    }
    text.split('\n').forEach((line, i) => {
      const comment = line.trim().startsWith('//') || line.trim().startsWith('*');
      if (from === 'http' && !isTest && !comment && MARKUP.test(line))
        problems.push(`${rel}:${i + 1}: http/ writes HTML; render the page in src/web/ and send it`);
      if (rel !== THE_ESCAPER && !isTest && !comment && ESCAPER_TABLE.test(line))
        problems.push(`${rel}:${i + 1}: a second HTML escaper; use escapeHtml from src/${THE_ESCAPER}`);
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
  return problems;
}

if (import.meta.main) {
  const src = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../src'));
  const problems = checkArchitecture(src);
  if (problems.length > 0) {
    console.error(
      `Architecture: ${problems.length} violation(s)\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log('Architecture: OK');
}
