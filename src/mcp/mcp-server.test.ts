import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { createTestApp } from '../app/testing/test-app.ts';

const Result = z.looseObject({
  content: z.array(z.looseObject({ text: z.string().optional() })).default([]),
  structuredContent: z.record(z.string(), z.unknown()).optional(),
});
const text = (r: unknown): string =>
  Result.parse(r)
    .content.map((p) => p.text ?? '')
    .join('\n');
const data = <T extends z.ZodType>(r: unknown, schema: T): z.infer<T> =>
  schema.parse(Result.parse(r).structuredContent);

/** The SDK's own client against a real app: the four tools, over one transport. */
async function exercise(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), [
    'current_incidents',
    'incident_report',
    'is_it_down',
    'service_history',
  ]);
  for (const t of tools) assert.equal(t.annotations?.readOnlyHint, true, `${t.name} is read-only`);

  const down = await client.callTool({
    name: 'is_it_down',
    arguments: { service: 'Instagram', country: 'id' },
  });
  assert.notEqual(down.isError, true);
  assert.match(text(down), /^Instagram (shows no problems|may have problems|has problems) right now/);
  assert.match(text(down), /from ID/);
  assert.equal(
    data(down, z.object({ status: z.looseObject({ slug: z.string() }) })).status.slug,
    'instagram',
  );

  const unknown = await client.callTool({ name: 'is_it_down', arguments: { service: 'no such thing' } });
  assert.equal(unknown.isError, true);
  assert.match(text(unknown), /does not watch a service called "no such thing"/);

  const open = await client.callTool({ name: 'current_incidents', arguments: {} });
  assert.notEqual(open.isError, true);
  assert.ok(text(open).length > 0);

  const missing = await client.callTool({ name: 'incident_report', arguments: { id: 999999 } });
  assert.equal(missing.isError, true);
  assert.match(text(missing), /no incident 999999/);

  const history = await client.callTool({
    name: 'service_history',
    arguments: { service: 'whatsapp', hours: 6 },
  });
  assert.notEqual(history.isError, true);
  const hs = data(history, z.looseObject({ service: z.string(), series: z.looseObject({}) }));
  assert.equal(hs.service, 'whatsapp');
}

test('/mcp: the SDK client over streamable HTTP uses the four read-only tools', async () => {
  const app = await createTestApp({ rateLimitPerMinute: 1000 });
  const client = new Client({ name: 'downwatch-test', version: '1' });
  try {
    const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
    await app.server.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { service: 'instagram', problem: 'login', country: 'ID' },
    });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url)));
    await exercise(client);
    const get = await fetch(new URL('/mcp', url));
    assert.equal(get.status, 405);
  } finally {
    await client.close();
    await app.cleanup();
  }
});

test('downwatch mcp: the SDK client over stdio asks a running server', async () => {
  const app = await createTestApp({ rateLimitPerMinute: 1000 });
  const client = new Client({ name: 'downwatch-test', version: '1' });
  try {
    const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
    await app.server.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { service: 'instagram', problem: 'login', country: 'ID' },
    });
    const bin = fileURLToPath(new URL('../../bin/downwatch', import.meta.url));
    await client.connect(
      new StdioClientTransport({ command: bin, args: ['mcp', '--url', url], stderr: 'pipe' }),
    );
    await exercise(client);
  } finally {
    await client.close();
    await app.cleanup();
  }
});
