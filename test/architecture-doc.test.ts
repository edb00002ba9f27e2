/**
 * docs/architecture.md tells a newcomer which folder may import which; the checker enforces it.
 * This test keeps the two saying the same: every folder has one row, and each row's "may import"
 * is exactly the checker's ALLOWED entry.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ALLOWED, DOMAIN } from '../scripts/check-architecture.ts';

const DOC = resolve(import.meta.dirname, '../docs/architecture.md');

/** The folder table's rows: folder → the folders its last cell names. */
function documentedRules(markdown: string): Map<string, string[]> {
  const start = markdown.indexOf('<!-- architecture table');
  assert.ok(start >= 0, 'docs/architecture.md marks its folder table');
  const rows = new Map<string, string[]>();
  for (const line of markdown.slice(start).split('\n').slice(1)) {
    if (rows.size > 0 && !line.startsWith('|')) break;
    const m = /^\| `([a-z0-9-]+)\/` \|.*\| ([^|]+) \|$/.exec(line);
    if (!m) continue;
    const folder = m[1]!;
    const names = m[2]!.trim();
    assert.ok(!rows.has(folder), `${folder}/ has one row`);
    rows.set(
      folder,
      names === 'nothing'
        ? []
        : names
            .split(', ')
            .flatMap((n) => (n === 'every domain folder' ? DOMAIN.filter((d) => d !== folder) : [n])),
    );
  }
  return rows;
}

test('docs/architecture.md lists every folder with exactly the imports the checker allows', () => {
  const documented = documentedRules(readFileSync(DOC, 'utf8'));
  assert.deepEqual([...documented.keys()].sort(), Object.keys(ALLOWED).sort(), 'one row per folder');
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    assert.deepEqual(
      [...(documented.get(folder) ?? [])].sort(),
      allowed.filter((a) => a !== folder).sort(),
      `${folder}/: the row's "may import" matches ALLOWED`,
    );
  }
});

test('the table reader sees a difference: a row that drops an import no longer matches', () => {
  const doc = readFileSync(DOC, 'utf8').replace(
    '| shared, catalog, store, detector |',
    '| shared, catalog, store |',
  );
  const incidents = documentedRules(doc).get('incidents');
  assert.ok(incidents, 'the incidents row is read');
  assert.notDeepEqual([...incidents].sort(), [...(ALLOWED.incidents ?? [])].sort());
});
