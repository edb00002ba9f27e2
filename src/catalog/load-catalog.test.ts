import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { CatalogError, type CatalogIssue, formatIssue, loadCatalog } from './load-catalog.ts';

const CATALOG_DIR = fileURLToPath(new URL('../../catalog', import.meta.url));

// ---------------------------------------------------------------------------
// The default catalog
// ---------------------------------------------------------------------------

test('the default catalog loads', () => {
  const catalog = loadCatalog([CATALOG_DIR]);
  assert.equal(catalog.bySlug.size, catalog.services.length);
  for (const s of catalog.services) {
    assert.ok(s.categories.length >= 1, `${s.slug} has no categories`);
    assert.ok(s.keywords.en && s.keywords.en.length > 0, `${s.slug} has no English keywords`);
    assert.ok(s.source.endsWith('.yaml'), `${s.slug} source ${s.source}`);
  }
});

test('the default catalog has at least 50 services', () => {
  const { services } = loadCatalog([CATALOG_DIR]);
  assert.ok(services.length >= 50, `only ${services.length} services`);
});

test('the Meta family all have provider meta', () => {
  const { bySlug, providers } = loadCatalog([CATALOG_DIR]);
  assert.ok(providers.some((p) => p.slug === 'meta'));
  for (const slug of ['facebook', 'instagram', 'whatsapp', 'messenger', 'threads']) {
    const service = bySlug.get(slug);
    assert.ok(service, `${slug} is missing`);
    assert.equal(service.provider, 'meta', `${slug} provider`);
  }
});

test('the required well-known services are present', () => {
  const { bySlug } = loadCatalog([CATALOG_DIR]);
  const required = [
    'telegram',
    'x',
    'youtube',
    'tiktok',
    'discord',
    'signal',
    'gmail',
    'outlook',
    'google-search',
    'google-cloud',
    'aws',
    'azure',
    'cloudflare',
    'akamai',
    'fastly',
    'github',
    'zoom',
    'slack',
    'netflix',
    'spotify',
    'snapchat',
    'reddit',
    'linkedin',
    'pinterest',
    'zalo',
    'line',
    'shopee',
    'tokopedia',
    'gojek',
    'grab',
    'paypal',
    'stripe',
    'steam',
    'roblox',
    'chatgpt',
    'apple-icloud',
  ];
  const missing = required.filter((slug) => !bySlug.has(slug));
  assert.deepEqual(missing, []);
});

test("every service's categories have labels in en, id, hi and vi", () => {
  const { services, categories } = loadCatalog([CATALOG_DIR]);
  for (const s of services) {
    for (const c of s.categories) {
      for (const lang of ['en', 'id', 'hi', 'vi']) {
        assert.ok(c.labels[lang], `${s.slug}: category ${c.id} has no "${lang}" label`);
      }
    }
  }
  // The shared categories also carry Spanish and Portuguese.
  for (const [id, labels] of categories) {
    assert.ok(labels.es && labels.pt, `category ${id} lacks es/pt`);
  }
  // Hindi labels are written in Devanagari (acronyms such as API/DNS aside).
  assert.match(categories.get('login')?.hi ?? '', /[\u0900-\u097F]/);
});

test('ISPs and mobile carriers exist for Indonesia, India, Vietnam and the US', () => {
  const { services, bySlug } = loadCatalog([CATALOG_DIR]);
  for (const country of ['ID', 'IN', 'VN', 'US']) {
    const carriers = services.filter(
      (s) => (s.kind === 'isp' || s.kind === 'mobile') && s.countries.includes(country),
    );
    assert.ok(carriers.length >= 4, `${country} has only ${carriers.length} ISPs/carriers`);
  }
  const expected: Record<string, string[]> = {
    ID: ['telkomsel', 'indihome', 'xl-axiata', 'indosat-ooredoo'],
    IN: ['jio', 'airtel', 'vodafone-idea', 'bsnl'],
    VN: ['viettel', 'vnpt', 'fpt-telecom', 'mobifone'],
    US: ['comcast-xfinity', 'att', 'verizon', 't-mobile', 'spectrum'],
  };
  for (const [country, slugs] of Object.entries(expected)) {
    for (const slug of slugs) {
      const s = bySlug.get(slug);
      assert.ok(s, `${slug} is missing`);
      assert.ok(s.kind === 'isp' || s.kind === 'mobile', `${slug} kind ${s.kind}`);
      assert.ok(s.countries.includes(country), `${slug} countries ${s.countries.join(',')}`);
    }
  }
});

test('dependencies: messenger depends on facebook, threads on instagram', () => {
  const { bySlug } = loadCatalog([CATALOG_DIR]);
  assert.ok(bySlug.get('messenger')?.dependencies.includes('facebook'));
  assert.ok(bySlug.get('threads')?.dependencies.includes('instagram'));
});

// ---------------------------------------------------------------------------
// Error reporting
// ---------------------------------------------------------------------------

const CATEGORIES = {
  categories: [{ id: 'login', labels: { en: 'Login', id: 'Masuk', hi: 'लॉगिन', vi: 'Đăng nhập' } }],
};
const PROVIDERS = { providers: [{ slug: 'acme', name: 'Acme', website: 'https://acme.example' }] };

/** A valid service entry, changed by `patch` (a field set to undefined is removed). */
function service(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    slug: 'foo',
    name: 'Foo',
    provider: 'acme',
    kind: 'other',
    website: 'https://foo.example',
    categories: ['login'],
    keywords: { en: ['foo'] },
    ...patch,
  };
  for (const [k, v] of Object.entries(entry)) if (v === undefined) delete entry[k];
  return entry;
}

/** Writes the files into a fresh temp dir and returns what loadCatalog reports (it must throw). */
function issuesFor(files: Record<string, string | object>): CatalogIssue[] {
  const dir = mkdtempSync(join(tmpdir(), 'downwatch-catalog-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
    }
    try {
      loadCatalog([dir], dir);
    } catch (error) {
      assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${String(error)}`);
      assert.ok(error.issues.length > 0);
      // The message lists every issue.
      for (const issue of error.issues) assert.ok(error.message.includes(formatIssue(issue)));
      return error.issues;
    }
    assert.fail('loadCatalog should have thrown');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The one issue about this field, checked to name file and entry. */
function findIssue(issues: CatalogIssue[], file: string, entry: string, field: string): CatalogIssue {
  const found = issues.find((i) => i.file === file && i.entry === entry && i.field === field);
  assert.ok(found, `no issue for ${file} / ${entry} / ${field}; got:\n${issues.map(formatIssue).join('\n')}`);
  return found;
}

const base = { 'categories.yaml': CATEGORIES, 'providers.yaml': PROVIDERS };

test('a valid minimal catalog loads (sanity check for the error tests)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'downwatch-catalog-'));
  try {
    writeFileSync(join(dir, 'categories.yaml'), stringify(CATEGORIES));
    writeFileSync(join(dir, 'providers.yaml'), stringify(PROVIDERS));
    writeFileSync(join(dir, 'services.yaml'), stringify({ services: [service()] }));
    const catalog = loadCatalog([dir], dir);
    assert.equal(catalog.services.length, 1);
    const foo = catalog.bySlug.get('foo');
    assert.equal(foo?.source, 'services.yaml');
    assert.deepEqual(foo?.categories, [{ id: 'login', labels: CATEGORIES.categories[0]?.labels }]);
    assert.deepEqual(foo?.status, { kind: 'none' });
    assert.deepEqual(foo?.probes, { urls: [], hosts: [], asns: [], prefixes: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown category names file, entry and field', () => {
  const issues = issuesFor({
    ...base,
    'svc.yaml': { services: [service({ categories: ['login', 'nope'] })] },
  });
  const issue = findIssue(issues, 'svc.yaml', 'services[0] (foo)', 'categories.1');
  assert.match(issue.message, /unknown category "nope"/);
  assert.equal(issues.length, 1);
});

test('an unknown provider names file, entry and field', () => {
  const issues = issuesFor({
    ...base,
    'svc.yaml': { services: [service(), service({ slug: 'bar', provider: 'nobody' })] },
  });
  const issue = findIssue(issues, 'svc.yaml', 'services[1] (bar)', 'provider');
  assert.match(issue.message, /unknown provider "nobody"/);
  assert.equal(issues.length, 1);
});

test('a missing "en" keyword list is reported', () => {
  const issues = issuesFor({ ...base, 'svc.yaml': { services: [service({ keywords: { id: ['foo'] } })] } });
  const issue = findIssue(issues, 'svc.yaml', 'services[0] (foo)', 'keywords');
  assert.match(issue.message, /"en"/);
});

test('a bad slug is reported with the slug as the entry name', () => {
  const issues = issuesFor({ ...base, 'svc.yaml': { services: [service({ slug: 'Foo_Bar' })] } });
  const issue = findIssue(issues, 'svc.yaml', 'services[0] (Foo_Bar)', 'slug');
  assert.match(issue.message, /lowercase/);
});

test('an unknown field is reported by name', () => {
  const issues = issuesFor({ ...base, 'svc.yaml': { services: [service({ colour: 'blue' })] } });
  const issue = findIssue(issues, 'svc.yaml', 'services[0] (foo)', 'colour');
  assert.equal(issue.message, 'unknown field');
});

test('an unknown nested field and an unknown top-level key are reported', () => {
  const issues = issuesFor({
    ...base,
    'svc.yaml': { services: [service({ probes: { urls: [], colour: 'red' } })] },
    'typo.yaml': { service: [] },
  });
  findIssue(issues, 'svc.yaml', 'services[0] (foo)', 'probes.colour');
  findIssue(issues, 'typo.yaml', '(file)', 'service');
});

test('a slug declared in two files names the first file', () => {
  const issues = issuesFor({
    ...base,
    'a.yaml': { services: [service()] },
    'b.yaml': { services: [service({ slug: 'bar' }), service({ name: 'Foo again' })] },
  });
  const issue = findIssue(issues, 'b.yaml', 'services[1] (foo)', 'slug');
  assert.match(issue.message, /already declared in a\.yaml/);
  assert.equal(issues.length, 1);
});

test('broken YAML syntax names the file', () => {
  const issues = issuesFor({
    ...base,
    'broken.yaml': 'services:\n  - slug: foo\n    name: [unclosed\n    provider: acme\n',
  });
  const issue = findIssue(issues, 'broken.yaml', '(file)', '');
  assert.ok(issue.message.length > 0);
});

test('a YAML alias bomb is a CatalogError, not a crash', () => {
  const bomb = [
    'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  ].join('\n');
  const issues = issuesFor({ ...base, 'bomb.yaml': bomb });
  findIssue(issues, 'bomb.yaml', '(file)', '');
});

test('a dependency on an unknown service is reported', () => {
  const issues = issuesFor({ ...base, 'svc.yaml': { services: [service({ dependencies: ['ghost'] })] } });
  const issue = findIssue(issues, 'svc.yaml', 'services[0] (foo)', 'dependencies.0');
  assert.match(issue.message, /unknown service "ghost"/);
});

test('a label set missing "vi" is reported, for shared and per-service categories', () => {
  const shared = issuesFor({
    'providers.yaml': PROVIDERS,
    'categories.yaml': { categories: [{ id: 'login', labels: { en: 'Login', id: 'Masuk', hi: 'लॉगिन' } }] },
  });
  const issue = findIssue(shared, 'categories.yaml', 'categories[0] (login)', 'labels.vi');
  assert.match(issue.message, /"vi"/);

  const inline = issuesFor({
    ...base,
    'svc.yaml': {
      services: [
        service({
          categories: ['login', { id: 'custom', labels: { en: 'Custom', id: 'Kustom', hi: 'कस्टम' } }],
        }),
      ],
    },
  });
  const inlineIssue = findIssue(inline, 'svc.yaml', 'services[0] (foo)', 'categories.1.labels.vi');
  assert.match(inlineIssue.message, /"vi"/);
});

test('every problem is reported at once', () => {
  const issues = issuesFor({
    ...base,
    'svc.yaml': {
      services: [
        service({ provider: 'nobody' }),
        service({ slug: 'bar', categories: ['nope'], dependencies: ['ghost'] }),
      ],
    },
  });
  findIssue(issues, 'svc.yaml', 'services[0] (foo)', 'provider');
  findIssue(issues, 'svc.yaml', 'services[1] (bar)', 'categories.0');
  findIssue(issues, 'svc.yaml', 'services[1] (bar)', 'dependencies.0');
});

test('a missing path is reported, and file names are relative to cwd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'downwatch-catalog-'));
  try {
    writeFileSync(join(dir, 'svc.yaml'), stringify({ services: [service({ provider: 'nobody' })] }));
    assert.throws(
      () => loadCatalog([join(dir, 'missing'), dir], tmpdir()),
      (error: unknown) => {
        assert.ok(error instanceof CatalogError);
        const missing = error.issues.find((i) => i.entry === '(path)');
        assert.ok(missing?.file.endsWith('missing'));
        assert.ok(error.issues.some((i) => i.file === join(dir.slice(tmpdir().length + 1), 'svc.yaml')));
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('expected events: a launch calendar loads with its times; an unknown service or a reversed span is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'downwatch-catalog-'));
  try {
    writeFileSync(join(dir, 'categories.yaml'), stringify(CATEGORIES));
    writeFileSync(join(dir, 'providers.yaml'), stringify(PROVIDERS));
    writeFileSync(join(dir, 'services.yaml'), stringify({ services: [service()] }));
    writeFileSync(
      join(dir, 'launches.yaml'),
      stringify({
        expected: [
          {
            services: ['foo'],
            what: 'Season 5 launch',
            from: '2026-12-04T12:00:00Z',
            to: '2026-12-04T14:00:00Z',
          },
        ],
      }),
    );
    const { expected } = loadCatalog([dir], dir);
    assert.deepEqual(expected, [
      {
        services: ['foo'],
        kind: 'launch',
        what: 'Season 5 launch',
        from: Date.UTC(2026, 11, 4, 12),
        to: Date.UTC(2026, 11, 4, 14),
      },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const unknown = issuesFor({
    ...base,
    'svc.yaml': { services: [service()] },
    'launches.yaml': {
      expected: [{ services: ['nope'], what: 'x', from: '2026-12-04T12:00:00Z', to: '2026-12-04T14:00:00Z' }],
    },
  });
  assert.match(
    findIssue(unknown, 'launches.yaml', 'expected[0]', 'services.0').message,
    /unknown service "nope"/,
  );
  const reversed = issuesFor({
    ...base,
    'svc.yaml': { services: [service()] },
    'launches.yaml': {
      expected: [{ services: ['foo'], what: 'y', from: '2026-12-04T14:00:00Z', to: '2026-12-04T12:00:00Z' }],
    },
  });
  assert.match(findIssue(reversed, 'launches.yaml', 'expected[0]', 'to').message, /must end after it starts/);
});
