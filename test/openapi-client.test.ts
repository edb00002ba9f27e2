/**
 * A typed client generated from the committed OpenAPI document (openapi-typescript, openapi-fetch)
 * type-checks against it and talks to a real server: the document's operation names, parameters and
 * bodies are the ones the API answers to.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS from 'openapi-typescript';
import { createTestApp } from '../src/app/testing/test-app.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

// The client program: typed by the generated `paths`, so a wrong path, parameter or body is a
// type error; it prints what the API answered for the test to check.
const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './schema.ts';

const client = createClient<paths>({ baseUrl: process.argv[2] });
const report = await client.POST('/api/v1/reports', {
  body: { service: 'instagram', problem: 'login', country: 'ID' },
});
const status = await client.GET('/api/v1/services/{slug}/status', { params: { path: { slug: 'instagram' } } });
const missing = await client.GET('/api/v1/services/{slug}', { params: { path: { slug: 'no-such-service' } } });
const services = await client.GET('/api/v1/services');
console.log(
  JSON.stringify({
    reported: report.response.status,
    statusOf: status.data?.slug,
    missing: missing.response.status,
    missingType: missing.response.headers.get('content-type'),
    services: services.data?.services.length,
  }),
);
`;

test('a client generated from docs/openapi.json type-checks and calls the running API', async () => {
  const doc = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'));
  // Inside the project (ignored by git) so the client resolves openapi-fetch from its node_modules.
  const dir = join(root, `.artifacts/openapi-client-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'schema.ts'), await openapiTS(doc));
  writeFileSync(join(dir, 'client.ts'), CLIENT);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'esnext',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        allowImportingTsExtensions: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: ['client.ts', 'schema.ts'],
    }),
  );
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  // A type error (a path or body the document does not have) fails here with tsc's message.
  execFileSync('tsc', ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });

  const app = await createTestApp({ rateLimitPerMinute: 1000 });
  try {
    const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
    // Asynchronously: the server runs in this process and must answer while the client waits.
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'client.ts'), url]);
    const answer = JSON.parse(stdout);
    assert.equal(answer.reported, 201);
    assert.equal(answer.statusOf, 'instagram');
    assert.equal(answer.missing, 404);
    assert.match(answer.missingType, /^application\/problem\+json/);
    assert.ok(answer.services > 10);
  } finally {
    await app.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every operation of the document has an operationId, its security and a 4xx answer', () => {
  const doc = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'));
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.equal(typeof op.operationId, 'string', `${where}: operationId`);
      assert.ok(!ids.has(String(op.operationId)), `${where}: operationId repeated`);
      ids.add(String(op.operationId));
      assert.ok(Array.isArray(op.security), `${where}: security`);
      const codes = Object.keys(op.responses ?? {});
      assert.ok(
        codes.some((c) => c.startsWith('4')),
        `${where}: a 4xx response`,
      );
    }
  assert.ok(ids.size >= 48);
});
