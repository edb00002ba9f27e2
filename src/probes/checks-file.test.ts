import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogChecks } from './catalog-checks.ts';
import { ChecksFileError, parseChecks } from './checks-file.ts';

const catalog = { bySlug: new Map([['my-api', {}]]) } as never;

test('an operator checks file: defaults applied, every problem reported with its path', () => {
  const checks = parseChecks(
    `checks:
  - { id: api, service: my-api, kind: http, url: "https://api.example.com/health", conditions: "[STATUS] == 200" }
  - { id: api-dns, service: my-api, kind: dns, name: api.example.com, resolver: "1.1.1.1" }
  - { id: ctl, control: true, kind: tcp, host: example.org, port: 443 }
`,
    'checks.yaml',
    catalog,
  );
  assert.deepEqual(
    checks.map((c) => [c.id, c.kind, c.interval, c.timeout, c.retries, c.conditions]),
    [
      ['api', 'http', 60, 10, 0, ['[STATUS] == 200']],
      ['api-dns', 'dns', 60, 10, 0, []],
      ['ctl', 'tcp', 60, 10, 0, []],
    ],
  );
  assert.throws(
    () =>
      parseChecks(
        `checks:
  - { id: a, service: nope, kind: http, url: "https://x.example" }
  - { id: a, service: my-api, kind: http, url: "ftp://x", conditions: "[STATUS] 200" }
  - { id: b, kind: tcp, host: x.example, port: 1 }
`,
        'checks.yaml',
        catalog,
      ),
    (e: Error) => {
      assert.ok(e instanceof ChecksFileError);
      assert.match(e.message, /checks\.1\.url/);
      assert.match(e.message, /checks\.1\.conditions\.0: expected an operator/);
      assert.match(e.message, /checks\.2\.service: a check needs a service/);
      return true;
    },
  );
});

test('catalog targets become one HTTP check per URL and one DNS check per host', () => {
  const checks = catalogChecks({
    services: [
      {
        slug: 'x',
        probes: { urls: ['https://x.example/'], hosts: ['x.example', 'api.x.example'], asns: [] },
      },
    ],
  } as never);
  assert.deepEqual(
    checks.map((c) => `${c.id} ${c.kind}`),
    ['x:http:0 http', 'x:dns:x.example dns', 'x:dns:api.x.example dns'],
  );
});
