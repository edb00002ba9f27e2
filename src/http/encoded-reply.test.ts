import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp } from '../app/testing/test-app.ts';
import { chooseEncoding, encodedEtag, etagMatches } from './encoded-reply.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Raw = { status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer };

/** One GET over a real socket, the body as the bytes on the wire (not decoded). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** What `curl --compressed` shows: the body decoded by its Content-Encoding. */
function decoded(r: Raw): string {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return brotliDecompressSync(r.bytes).toString('utf8');
  if (enc === 'gzip') return gunzipSync(r.bytes).toString('utf8');
  assert.equal(enc, undefined, 'no other encoding is sent');
  return r.bytes.toString('utf8');
}

describe('chooseEncoding', () => {
  test('prefers brotli, honours q-values and refusals', () => {
    assert.equal(chooseEncoding(undefined), 'identity');
    assert.equal(chooseEncoding('deflate, gzip, br, zstd'), 'br');
    assert.equal(chooseEncoding('gzip'), 'gzip');
    assert.equal(chooseEncoding('br;q=0.5, gzip;q=0.8'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0'), 'identity');
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('identity'), 'identity');
  });
  test('one ETag per encoding, matched in lists and weak form', () => {
    assert.equal(encodedEtag('"abc"', 'br'), '"abc-br"');
    assert.equal(encodedEtag('"abc"', 'gzip'), '"abc-gz"');
    assert.equal(encodedEtag('"abc"', 'identity'), '"abc"');
    assert.ok(etagMatches('"x", W/"abc-br"', '"abc-br"'));
    assert.ok(!etagMatches('"abc"', '"abc-br"'));
  });
});

describe('pages and cached JSON go out compressed (real HTTP server)', () => {
  let app: TestApp;
  let base = '';
  before(async () => {
    app = await createTestApp();
    await app.ctx.snapshot.refresh();
    base = await app.server.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => app.cleanup());

  for (const path of ['/?lang=en', '/api/v1/status', '/status/instagram?lang=en', '/api/v2/summary.json']) {
    test(`${path}: brotli and gzip decode to the same body, a fifth of the bytes or less for the home page`, async () => {
      const plain = await get(base, path);
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      const body = plain.bytes.toString('utf8');
      for (const [accept, encoding] of [
        ['br, gzip', 'br'],
        ['gzip, deflate', 'gzip'],
      ] as const) {
        const r = await get(base, path, { 'accept-encoding': accept });
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-encoding'], encoding);
        assert.match(String(r.headers.vary), /Accept-Encoding/);
        assert.equal(decoded(r), body, `${encoding} decodes to the same body`);
        assert.ok(r.bytes.length < plain.bytes.length, `${encoding} is smaller`);
        if (path === '/?lang=en')
          assert.ok(
            r.bytes.length <= 0.2 * plain.bytes.length,
            `${encoding}: ${r.bytes.length} bytes against ${plain.bytes.length}`,
          );
      }
    });
  }

  test('each encoding has its own ETag and its own 304', async () => {
    const etags = new Set<string>();
    for (const accept of ['br', 'gzip', 'identity']) {
      const r = await get(base, '/?lang=en', { 'accept-encoding': accept });
      const etag = String(r.headers.etag);
      etags.add(etag);
      const again = await get(base, '/?lang=en', { 'accept-encoding': accept, 'if-none-match': etag });
      assert.equal(again.status, 304, `${accept}: 304 for its own ETag`);
      assert.equal(again.bytes.length, 0);
    }
    assert.equal(etags.size, 3, 'three encodings, three ETags');
    const br = await get(base, '/?lang=en', { 'accept-encoding': 'br' });
    const crossed = await get(base, '/?lang=en', {
      'accept-encoding': 'gzip',
      'if-none-match': String(br.headers.etag),
    });
    assert.equal(crossed.status, 200, 'a brotli ETag does not validate the gzip body');
    assert.equal(crossed.headers['content-encoding'], 'gzip');
  });

  test('the same compressed bytes are served until the snapshot is rebuilt', async () => {
    const a = await get(base, '/api/v1/status', { 'accept-encoding': 'br' });
    const b = await get(base, '/api/v1/status', { 'accept-encoding': 'br' });
    assert.deepEqual(a.bytes, b.bytes);
    assert.equal(a.headers.etag, b.headers.etag);
  });

  test('a search result (rendered for one request) is sent uncompressed', async () => {
    const r = await get(base, '/?lang=en&q=insta', { 'accept-encoding': 'br, gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
  });
});
