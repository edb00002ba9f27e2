import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ENV_NAMES, loadConfig } from './config.ts';
import { envExample } from './env-example.ts';

const root = new URL('../../', import.meta.url);

/** The `# NAME=value` lines of an example file, uncommented. */
function exampleValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^# ([A-Z_]+)=(.*)$/gm)) if (m[1]) out[m[1]] = m[2] ?? '';
  return out;
}

test('.env.example names every setting and its values are the defaults', () => {
  const values = exampleValues(envExample());
  for (const name of Object.values(ENV_NAMES)) assert.ok(name in values, `${name} missing`);
  // Uncommenting every line as written must change nothing: the example shows the real defaults.
  assert.deepEqual(loadConfig(values), loadConfig({}));
});

test('the checked-in .env.example is the generated one', () => {
  assert.equal(readFileSync(new URL('.env.example', root), 'utf8'), envExample());
});

test('compose.yaml sets only variables the configuration reads, and points Downwatch at its PostgreSQL', () => {
  const compose: unknown = parse(readFileSync(new URL('compose.yaml', root), 'utf8'));
  assert.ok(compose && typeof compose === 'object' && 'services' in compose);
  const services = compose.services;
  assert.ok(services && typeof services === 'object' && 'downwatch' in services && 'postgres' in services);
  const dw = services.downwatch;
  assert.ok(dw && typeof dw === 'object' && 'environment' in dw);
  const env = dw.environment;
  assert.ok(env && typeof env === 'object');
  const known = new Set([...Object.values(ENV_NAMES), 'DOWNWATCH_HEAP_MB']);
  const entries = Object.entries(env);
  assert.ok(entries.length > 0);
  for (const [name] of entries) assert.ok(known.has(name), `${name} is not a Downwatch setting`);
  const plain = Object.fromEntries(
    entries.map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:?-?([^}]*)\}/g, '$1')]),
  );
  const config = loadConfig(plain);
  assert.match(config.databaseUrl ?? '', /@postgres:5432\//);
  assert.equal(config.host, '0.0.0.0');
});
