import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkArchitecture } from '../scripts/check-architecture.ts';

/** A small src/ tree in a temporary directory: path → file text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dw-arch-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
const dirs: string[] = [];

/** A tree that keeps every rule: a domain with its types, repository and contract suite, wired in app/. */
const GOOD: Record<string, string> = {
  'shared/time.ts': 'export const MINUTE = 60_000;\n',
  'store/sql/executor.ts': "import { MINUTE } from '../../shared/time.ts';\nexport const num = MINUTE;\n",
  'store/testing/engines.ts': 'export const ENGINES = [];\n',
  'incidents/types.ts': 'export type Incident = { id: number };\n',
  'incidents/incidents-repo.ts':
    "import type { Incident } from './types.ts';\nexport type IncidentsRepo = { get(): Incident };\n",
  'incidents/repo/sql-incidents-repo.ts':
    "import { num } from '../../store/sql/executor.ts';\nimport type { IncidentsRepo } from '../incidents-repo.ts';\nexport const n = num;\n",
  'incidents/repo/incidents-repo.test.ts':
    "import { ENGINES } from '../../store/testing/engines.ts';\nimport { n } from './sql-incidents-repo.ts';\n",
  'incidents/testing/incidents-for-tests.ts': "export { n } from '../repo/sql-incidents-repo.ts';\n",
  'alerts/dispatcher.ts': "import type { IncidentsRepo } from '../incidents/incidents-repo.ts';\n",
  'alerts/alerts.test.ts': "import { n } from '../incidents/testing/incidents-for-tests.ts';\n",
  'http/routes/incidents.ts':
    "import type {\n  IncidentsRepo,\n} from '../../incidents/incidents-repo.ts';\n",
  'app/repositories.ts':
    "import { n } from '../incidents/repo/sql-incidents-repo.ts';\nimport { num } from '../store/sql/executor.ts';\n",
};

describe('scripts/check-architecture.ts', () => {
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('the repository itself keeps the rules', () => {
    assert.deepEqual(checkArchitecture(resolve(import.meta.dirname, '../src')), []);
  });

  test('a tree that keeps the rules passes', () => {
    assert.deepEqual(checkArchitecture(tree(GOOD)), []);
  });

  const rejects = (title: string, path: string, text: string, expected: RegExp) =>
    test(`rejects ${title}`, () => {
      const problems = checkArchitecture(tree({ ...GOOD, [path]: text }));
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0] ?? '', expected);
      assert.ok(problems[0]?.startsWith(`${path}:`), problems[0]);
    });

  rejects(
    'a domain importing another domain’s repository',
    'alerts/dispatcher.ts',
    "import { n } from '../incidents/repo/sql-incidents-repo.ts';\n",
    /"alerts" may not import the incidents repository/,
  );
  rejects(
    'http/ importing a repository, even over several lines',
    'http/routes/incidents.ts',
    "import {\n  n,\n} from '../../incidents/repo/sql-incidents-repo.ts';\n",
    /^http\/routes\/incidents\.ts:1: "http" may not import the incidents repository/,
  );
  rejects(
    'a test importing another domain’s repository (tests are checked too)',
    'alerts/alerts.test.ts',
    "import { n } from '../incidents/repo/sql-incidents-repo.ts';\n",
    /"alerts" may not import the incidents repository/,
  );
  rejects(
    'the store importing a domain',
    'store/sql/executor.ts',
    "import type { Incident } from '../../incidents/types.ts';\nexport const num = 1;\n",
    /"store" may not import "incidents"/,
  );
  rejects(
    'a contract suite of the store importing a domain',
    'store/store.contract.ts',
    "import type { Incident } from '../incidents/types.ts';\n",
    /"store" may not import "incidents"/,
  );
  rejects(
    'domain code outside repo/ reaching the raw SQL executors',
    'alerts/dispatcher.ts',
    "import { num } from '../store/sql/executor.ts';\n",
    /"alerts" may not reach the store's raw SQL access/,
  );
  rejects(
    'production code using another domain’s testing helpers',
    'alerts/dispatcher.ts',
    "import { n } from '../incidents/testing/incidents-for-tests.ts';\n",
    /only tests may use another folder's testing helpers/,
  );
  rejects(
    'a domain importing an adapter',
    'incidents/types.ts',
    "import { n } from '../app/repositories.ts';\nexport type Incident = { id: number };\n",
    /"incidents" may not import "app"/,
  );
  rejects(
    'reading process.env outside config and the CLI entry',
    'alerts/dispatcher.ts',
    'export const url = process.env.URL;\n',
    /reads process\.env/,
  );
  rejects(
    'HTML written in http/ instead of web/',
    'http/routes/incidents.ts',
    "export const page = '<main><h1>Not found</h1></main>';\n",
    /http\/ writes HTML; render the page in src\/web\//,
  );
  rejects(
    'a second HTML escaper',
    'alerts/dispatcher.ts',
    "const E: Record<string, string> = { '&': '&amp;', '\"': '&quot;' };\n",
    /a second HTML escaper; use escapeHtml from src\/shared\/escape-html\.ts/,
  );
  rejects(
    'a folder without a rule',
    'elsewhere/x.ts',
    'export const x = 1;\n',
    /folder "elsewhere" has no rule/,
  );
});
