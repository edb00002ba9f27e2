/**
 * The real server under 100,000 malformed or hostile requests: broken JSON, oversized and lying
 * bodies, wrong types, bad UTF-8, prototype-pollution keys, wrong media types, unknown services,
 * invalid HTTP and slow senders. Every answer must be a 4xx problem (never 2xx, never 5xx), the
 * process must survive, and the reports accepted before the flood must be exactly what is stored.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { mulberry32 } from '../src/scenarios/random.ts';
import {
  type HttpResult,
  patientGet,
  pool,
  request,
  type ServerProcess,
  signalTotals,
  startServer,
  tempDir,
} from './support/server-process.ts';

const TOTAL = 100_000;
const RAW = 4_000;
const SLOW = 8;
const HTTP_CASES = TOTAL - RAW - SLOW;
const GOOD = 200;
const REQUEST_TIMEOUT_SECONDS = 2;

// ---------------------------------------------------------------------------------------------
// Hostile requests as well-formed HTTP with hostile content (sent by a lean keep-alive client)

type Case = {
  kind: string;
  method: string;
  path: string;
  headers: http.OutgoingHttpHeaders;
  body?: Buffer | string;
};

const rng = mulberry32(20_261_121);
const random = (): number => rng.next();
const randomBytes = (n: number): Buffer =>
  Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
const pick = <T>(list: readonly T[], v: number): T => list[v % list.length] as T;

const REPORTS = '/api/v1/reports';
const json = (o: unknown): string => JSON.stringify(o);
const good = { service: 'facebook', problem: 'login' };

/** A POST to the report endpoint; `contentType` null sends no Content-Type at all. */
function post(kind: string, body: string | Buffer, contentType: string | null = 'application/json'): Case {
  const headers: http.OutgoingHttpHeaders = { 'content-length': Buffer.byteLength(body) };
  if (contentType !== null) headers['content-type'] = contentType;
  return { kind, method: 'POST', path: REPORTS, headers, body };
}

const brokenJson = [
  '{',
  '{"service":',
  '{"service":"facebook","problem":"login",}',
  "{'service':'facebook','problem':'login'}",
  '{"service":"facebook" "problem":"login"}',
  '{"service":"facebook","problem":"login"',
  '{"service":"facebook","problem":"login"}}',
  '{"service":"facebook","problem":"login"}garbage',
  '{"service":"face\\xbook","problem":"login"}',
  '{"service":"face\nbook","problem":"login"}',
  '{"service":01,"problem":"login"}',
  '{"service":NaN}',
  'undefined',
  '[1,2',
  '{service:"facebook",problem:"login"}',
  '\u0000',
  '}{',
  '{"a":"\\ud800',
  '--',
  'true false',
];

const wrongTypes: unknown[] = [
  123,
  'facebook',
  null,
  true,
  [],
  [good],
  {},
  { service: 123, problem: 'login' },
  { service: ['facebook'], problem: 'login' },
  { service: { $ne: null }, problem: 'login' },
  { service: null, problem: 'login' },
  { service: 'facebook', problem: false },
  { service: 'facebook', problem: { id: 'login' } },
  { service: 'facebook', problem: ['login'] },
  { service: 'facebook', problem: 'login', country: 1 },
  { service: 'facebook', problem: 'login', country: null },
  { service: 'facebook', problem: 'login', country: ['US'] },
  { service: 'facebook', problem: 'login', country: { code: 'US' } },
  { service: 1e308, problem: -0 },
  { problem: 'login' },
  { service: 'facebook' },
];

const unknownFields: unknown[] = [
  { ...good, extra: 1 },
  { ...good, admin: true },
  { ...good, id: 5 },
  { ...good, counted: true },
  { ...good, receivedAt: 0, identity: 'x' },
  { ...good, source: 'import' },
  { ...good, Service: 'instagram' },
];

const pollution = [
  '{"service":"facebook","problem":"login","__proto__":{"admin":true}}',
  '{"__proto__":{"service":"facebook","problem":"login"}}',
  '{"constructor":{"prototype":{"admin":true}},"service":"facebook","problem":"login"}',
  '{"service":"facebook","problem":"login","country":{"__proto__":{"x":1}}}',
  '{"service":"facebook","problem":"login","prototype":{}}',
  '{"service":"__proto__","problem":"login"}',
  '{"service":"constructor","problem":"login"}',
  '{"service":"hasOwnProperty","problem":"toString"}',
  '{"service":"facebook","problem":"__proto__"}',
  '{"service":"facebook","problem":"constructor"}',
  '{"service":"facebook","problem":"toString"}',
  '{"service":"facebook","problem":"login","__proto__":null}',
];

// Bad bytes inside strings, between tokens, truncated sequences, overlong encodings, UTF-16.
const badUtf8: Buffer[] = [
  Buffer.concat([
    Buffer.from('{"service":"face'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('book","problem":"login"}'),
  ]),
  Buffer.concat([
    Buffer.from('{"service":"facebook","problem":"log'),
    Buffer.from([0xc0, 0xaf]),
    Buffer.from('in"}'),
  ]),
  Buffer.concat([
    Buffer.from('{"service":"facebook","problem":"login","country":"'),
    Buffer.from([0x80, 0x80]),
    Buffer.from('"}'),
  ]),
  Buffer.concat([
    Buffer.from('{"service":"facebook",'),
    Buffer.from([0xe2, 0x82]),
    Buffer.from('"problem":"login"}'),
  ]),
  Buffer.concat([
    Buffer.from('{"service":"facebook","problem":"login"'),
    Buffer.from([0xf4, 0x90, 0x80, 0x80]),
    Buffer.from('}'),
  ]),
  Buffer.concat([
    Buffer.from('{"service":"'),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('","problem":"login"}'),
  ]),
  Buffer.from(json(good), 'utf16le'),
  Buffer.concat([Buffer.from(json(good)), Buffer.from([0xff])]),
];

const longStrings: unknown[] = [
  { service: 'a'.repeat(65), problem: 'login' },
  { service: 'facebook', problem: 'x'.repeat(65) },
  { service: 'f'.repeat(3_000), problem: 'login' },
  { service: 'facebook', problem: 'login', country: 'U'.repeat(3_000) },
  { service: 'facebook', problem: 'login', ['k'.repeat(2_000)]: 1 },
  { service: '\u{1F4A9}'.repeat(500), problem: 'login' },
];

const wrongContentTypes: [string | null, string][] = [
  ['text/plain', json(good)],
  ['text/html', json(good)],
  ['application/xml', '<report><service>facebook</service><problem>login</problem></report>'],
  ['application/x-www-form-urlencoded', 'service=facebook&problem=login'],
  [
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Disposition: form-data; name="service"\r\n\r\nfacebook\r\n--x--',
  ],
  ['application/x-ndjson', json(good)],
  ['application/octet-stream', json(good)],
  ['application/vnd.api+json', json(good)],
  ['application/jsonx', json(good)],
  ['image/png', json(good)],
  ['foo', json(good)],
  ['', json(good)],
  ['application/json; charset=utf-16', Buffer.from(json(good), 'utf16le').toString('latin1')],
  [null, json(good)],
];

const unknownNames: unknown[] = [
  { service: 'myspace', problem: 'login' },
  { service: 'FACEBOOK', problem: 'login' },
  { service: 'facebook ', problem: 'login' },
  { service: ' facebook', problem: 'login' },
  { service: '../facebook', problem: 'login' },
  { service: 'facebook\u0000', problem: 'login' },
  { service: 'facebook.com', problem: 'login' },
  { service: "facebook' OR '1'='1", problem: 'login' },
  { service: '*', problem: 'login' },
  { service: '', problem: 'login' },
  { service: 'facebook', problem: '' },
  { service: 'facebook', problem: 'teleport' },
  { service: 'facebook', problem: 'LOGIN' },
  { service: 'facebook', problem: 'login ' },
  { service: 'instagram', problem: 'music' },
  { service: 'facebook', problem: 'signal' },
];

const badCountries: unknown[] = [
  'ZZ',
  'XX',
  'XQ',
  'AA',
  'usa',
  'U',
  '1A',
  '',
  ' ',
  'us ',
  'ÜS',
  '\u0000\u0000',
  '--',
  'U5',
  'u\u0301s',
];

const badQueries = [
  '/api/v1/reports?limit=0',
  '/api/v1/reports?limit=-1',
  '/api/v1/reports?limit=1001',
  '/api/v1/reports?limit=abc',
  '/api/v1/reports?limit=1.5',
  '/api/v1/reports?limit=1&limit=2',
  '/api/v1/reports?before=-5',
  '/api/v1/reports?before=abc',
  '/api/v1/reports?service[]=facebook',
  '/api/v1/reports?unknown=1',
  '/api/v1/reports?limit=%ZZ',
  '/api/v1/services/facebook/signals?resolution=2m',
  '/api/v1/services/facebook/signals?hours=0',
  '/api/v1/services/facebook/signals?hours=99999',
  '/api/v1/services/facebook/signals?resolution=1m&hours=49',
  '/api/v1/services/facebook/signals?by=ip',
  '/api/v1/services/facebook/signals?__proto__=1',
  '/api/v1/services/facebook/signals?constructor[prototype][x]=1',
  '/api/v1/services/myspace/signals',
  '/api/v1/services/__proto__/status',
  '/api/v1/services/constructor',
  '/api/v1/services/%00',
  '/api/v1/services/..%2F..%2Fetc%2Fpasswd/status',
  `/api/v1/services/${'a'.repeat(300)}`,
  '/api/v1/services/%E0%A4%A',
  '/api/v1/services/%ff%fe/status',
  '/api/v1/nothing',
  '/api/v1/reports/1',
  '/%2e%2e/%2e%2e/etc/passwd',
];

const wrongMethods: [string, string][] = [
  ['PUT', REPORTS],
  ['DELETE', REPORTS],
  ['PATCH', REPORTS],
  ['OPTIONS', REPORTS],
  ['POST', '/healthz'],
  ['POST', '/api/v1/status'],
  ['DELETE', '/api/v1/services/facebook'],
  ['PROPFIND', '/'],
];

const HUGE = Buffer.from(json({ service: 'facebook', problem: 'login', pad: 'x'.repeat(1024 * 1024) }));
const BIG = Buffer.from(json({ service: 'facebook', problem: 'login', pad: 'x'.repeat(64 * 1024) }));

/** Case i of the flood; the mix cycles through every family so each is well represented. */
function hostile(i: number): Case {
  const family = i % 16;
  const v = Math.floor(i / 16);
  switch (family) {
    case 0:
      return post('broken-json', pick(brokenJson, v));
    case 1:
      return post('wrong-type', json(pick(wrongTypes, v)));
    case 2:
      return post('unknown-field', json(pick(unknownFields, v)));
    case 3:
      return post('proto-pollution', pick(pollution, v));
    case 4:
      return post('bad-utf8', pick(badUtf8, v));
    case 5:
      return post('long-string', json(pick(longStrings, v)));
    case 6: {
      const [ct, body] = pick(wrongContentTypes, v);
      return post('content-type', body, ct);
    }
    case 7: {
      const empties: Case[] = [
        post('empty', ''),
        post('empty', '', null),
        post('empty', '   '),
        post('empty', '\r\n'),
        { kind: 'empty', method: 'POST', path: REPORTS, headers: {} },
      ];
      return pick(empties, v);
    }
    case 8:
      return post('unknown-name', json(pick(unknownNames, v)));
    case 9:
      return post('bad-country', json({ ...good, country: pick(badCountries, v) }));
    case 10: {
      // Over the 4 KiB limit: just over, 64 KiB, now and then 1 MiB, and chunked without a length.
      if (v % 200 === 0) return post('huge-1MiB', HUGE);
      if (v % 20 === 1) return post('huge-64KiB', BIG);
      if (v % 20 === 2) {
        return {
          kind: 'huge-chunked',
          method: 'POST',
          path: REPORTS,
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          body: BIG,
        };
      }
      return post('huge-5KiB', json({ ...good, pad: 'y'.repeat(4_100 + (v % 1_000)) }));
    }
    case 11:
      return { kind: 'bad-query', method: 'GET', path: pick(badQueries, v), headers: {} };
    case 12: {
      const [method, path] = pick(wrongMethods, v);
      return {
        kind: 'wrong-method',
        method,
        path,
        headers: { 'content-type': 'application/json' },
        body: json(good),
      };
    }
    case 13: {
      const admin: Case[] = [
        {
          kind: 'admin',
          method: 'POST',
          path: '/api/v1/admin/reports/import',
          headers: { 'content-type': 'application/x-ndjson' },
          body: json({ ...good, at: 1 }),
        },
        {
          kind: 'admin',
          method: 'POST',
          path: '/api/v1/admin/reports/import',
          headers: { 'content-type': 'application/x-ndjson', authorization: 'Bearer 0123456789abcdef0123' },
          body: json({ ...good, at: 1 }),
        },
      ];
      return pick(admin, v);
    }
    case 14: {
      // Random bytes labelled as JSON.
      return post('random-bytes', randomBytes(1 + (v % 300)));
    }
    default: {
      // Deeply nested JSON that still fits the limit, and odd numbers.
      const nested = [
        `${'['.repeat(2_000)}${']'.repeat(2_000)}`,
        `${'{"a":'.repeat(600)}1${'}'.repeat(600)}`,
        '{"service":"facebook","problem":"login","country":1e999}',
        '{"service":"facebook","problem":"login","country":-1e-999}',
      ];
      return post('nested', pick(nested, v));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Accounting

type Outcome = {
  kind: string;
  desc?: string;
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
};

const describeCase = (c: Case): string =>
  `${c.method} ${c.path.slice(0, 60)} ${JSON.stringify(c.headers)} ${c.body === undefined ? '' : JSON.stringify(String(c.body).slice(0, 80))}`;

class Tally {
  readonly byStatus = new Map<string, number>();
  readonly byKind = new Map<string, Map<string, number>>();
  readonly msByKind = new Map<string, number>();
  readonly violations: string[] = [];
  nonJson4xx = 0;
  problems = 0;
  total = 0;

  add(o: Outcome, allowClose: boolean, ms = 0): void {
    this.total++;
    this.msByKind.set(o.kind, (this.msByKind.get(o.kind) ?? 0) + ms);
    const key = o.status !== undefined ? String(o.status) : `no-response (${o.error ?? 'closed'})`;
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
    const k = this.byKind.get(o.kind) ?? new Map<string, number>();
    this.byKind.set(o.kind, k);
    k.set(key, (k.get(key) ?? 0) + 1);
    const why = this.check(o, allowClose);
    if (why) this.violate(o, why);
  }

  /** What is wrong with one outcome, or undefined. */
  check(o: Outcome, allowClose: boolean): string | undefined {
    if (o.status === undefined) return allowClose ? undefined : 'no response';
    if (o.status < 400 || o.status > 499) return 'status is not 4xx';
    if (o.body === undefined) return undefined; // the server answered, then the connection was cut mid-body
    if (!/json/i.test(o.contentType ?? '')) {
      this.nonJson4xx++;
      return undefined;
    }
    if (!/^application\/problem\+json\b/i.test(o.contentType ?? '')) return 'JSON error without problem+json';
    let p: { type?: unknown; title?: unknown; status?: unknown };
    try {
      p = JSON.parse(o.body);
    } catch {
      return 'problem body does not parse';
    }
    if (typeof p.type !== 'string' || typeof p.title !== 'string' || p.status !== o.status) {
      return 'problem lacks type/title/status';
    }
    this.problems++;
    return undefined;
  }

  violate(o: Outcome, why: string): void {
    if (this.violations.length < 30) {
      this.violations.push(
        `${why}: ${o.kind} ${o.desc ?? ''} -> ${o.status ?? o.error} ${o.contentType ?? ''} ${(o.body ?? '').slice(0, 200)}`,
      );
    } else if (this.violations.length === 30) this.violations.push('…');
  }

  print(title: string): void {
    console.log(`${title}: ${this.total} requests`);
    console.log(
      `  by status: ${[...this.byStatus]
        .sort()
        .map(([s, n]) => `${s}=${n}`)
        .join(', ')}`,
    );
    for (const [kind, m] of [...this.byKind].sort()) {
      const n = [...m.values()].reduce((a, b) => a + b, 0);
      const avg = ((this.msByKind.get(kind) ?? 0) / n).toFixed(1);
      console.log(
        `  ${kind.padEnd(16)} ${[...m]
          .sort()
          .map(([s, n]) => `${s}=${n}`)
          .join(', ')} (avg ${avg} ms)`,
      );
    }
    console.log(
      `  problem+json bodies checked: ${this.problems}; 4xx without a JSON body: ${this.nonJson4xx}`,
    );
  }
}

/** Kinds where the server may legitimately cut the connection before we read its answer. */
const MAY_CLOSE = new Set(['huge-1MiB', 'huge-64KiB', 'huge-chunked']);

/** The bytes of a case as an HTTP/1.1 request; the length (or chunking) is always stated. */
function toBytes(c: Case): Buffer {
  const headers: Record<string, string | number | string[] | undefined> = { host: '127.0.0.1', ...c.headers };
  let body = c.body === undefined ? undefined : Buffer.from(c.body);
  if (body && headers['transfer-encoding'] === 'chunked') {
    body = Buffer.concat([
      Buffer.from(`${body.length.toString(16)}\r\n`),
      body,
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
  } else if (body) headers['content-length'] ??= body.length;
  const head = Object.entries(headers)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const start = Buffer.from(`${c.method} ${c.path} HTTP/1.1\r\n${head}\r\n`, 'latin1');
  return body ? Buffer.concat([start, body]) : start;
}

type Parsed = { status: number; headers: Map<string, string>; body?: Buffer; size: number };

/** The first HTTP response in `buf`: complete (with body and size in bytes), head only, or undefined. */
function parseOne(buf: Buffer): Parsed | 'invalid' | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = lines[0]?.match(/^HTTP\/1\.[01] (\d{3})/);
  if (!m?.[1]) return 'invalid';
  const headers = new Map(
    lines
      .slice(1)
      .map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const status = Number(m[1]);
  let at = end + 4;
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    const chunks: Buffer[] = [];
    for (;;) {
      const eol = buf.indexOf('\r\n', at);
      const size = eol === -1 ? Number.NaN : Number.parseInt(buf.subarray(at, eol).toString('latin1'), 16);
      if (Number.isNaN(size) || buf.length < eol + 2 + size + 2) return { status, headers, size: -1 };
      chunks.push(buf.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
      if (size === 0) return { status, headers, body: Buffer.concat(chunks), size: at };
    }
  }
  const length = Number(headers.get('content-length') ?? 0);
  if (buf.length < at + length) return { status, headers, size: -1 };
  return { status, headers, body: buf.subarray(at, at + length), size: at + length };
}

const toOutcome = (kind: string, desc: string, p: Parsed): Outcome => ({
  kind,
  desc,
  status: p.status,
  contentType: p.headers.get('content-type') ?? '',
  ...(p.body && p.size >= 0 ? { body: p.body.toString('utf8') } : {}),
});

/**
 * A minimal keep-alive HTTP/1.1 client on one socket at a time: one request in flight, a new
 * connection whenever the server closes or says `connection: close`. Much cheaper per request
 * than node:http, so 100,000 requests fit the time budget on two cores shared with the server.
 */
type Conn = { socket: Socket; buf: Buffer; waiter?: (o: Parsed | { error: string }) => void; error?: string };

class KeepAliveClient {
  readonly #port: number;
  #conn: Conn | undefined;

  constructor(port: number) {
    this.#port = port;
  }

  #open() {
    const socket = connect({ host: '127.0.0.1', port: this.#port });
    socket.setNoDelay(true);
    const conn: Conn = { socket, buf: Buffer.alloc(0) };
    const settle = (r: Parsed | { error: string }) => {
      const w = conn.waiter;
      conn.waiter = undefined;
      w?.(r);
    };
    socket.on('data', (d: Buffer) => {
      conn.buf = conn.buf.length ? Buffer.concat([conn.buf, d]) : d;
      if (!conn.waiter) {
        socket.destroy(); // bytes nobody asked for: do not reuse the connection
        return;
      }
      const p = parseOne(conn.buf);
      if (p === 'invalid') settle({ error: 'unparsable response' });
      else if (p && p.size >= 0) {
        conn.buf = conn.buf.subarray(p.size);
        if (/close/i.test(p.headers.get('connection') ?? '')) this.#retire(conn);
        settle(p);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      conn.error = e.code ?? e.message;
    });
    socket.on('close', () => {
      this.#retire(conn);
      const p = parseOne(conn.buf);
      settle(p && p !== 'invalid' ? p : { error: conn.error ?? 'closed' });
    });
    this.#conn = conn;
    return conn;
  }

  #retire(conn: Conn) {
    if (this.#conn === conn) this.#conn = undefined;
    conn.socket.end();
  }

  send(bytes: Buffer, timeoutMs = 20_000): Promise<Parsed | { error: string }> {
    const conn = this.#conn && !this.#conn.socket.destroyed ? this.#conn : this.#open();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        conn.error = 'client-timeout';
        conn.socket.destroy();
      }, timeoutMs);
      conn.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      conn.socket.write(bytes);
    });
  }

  close(): void {
    this.#conn?.socket.destroy();
  }
}

async function sendHttp(client: KeepAliveClient, c: Case): Promise<Outcome> {
  const r = await client.send(toBytes(c));
  return 'error' in r
    ? { kind: c.kind, desc: describeCase(c), error: r.error }
    : toOutcome(c.kind, describeCase(c), r);
}

// ---------------------------------------------------------------------------------------------
// Invalid HTTP over raw sockets

type Raw = { kind: string; payload: Buffer };

const crlf = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}`, 'latin1');
const rawPost = (body: Buffer): Buffer =>
  Buffer.concat([
    crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Connection: close',
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
      '',
      '',
    ),
    body,
  ]);
const rawCases: Raw[] = [
  { kind: 'raw-garbage-line', payload: crlf('GARBAGE', '', '') },
  { kind: 'raw-garbage-line', payload: crlf('GET / HTTP/9.9', 'Host: x', '', '') },
  { kind: 'raw-garbage-line', payload: crlf('GET /healthz HTTP/1.1 extra', 'Host: x', '', '') },
  { kind: 'raw-garbage-line', payload: crlf('G@T /healthz HTTP/1.1', 'Host: x', '', '') },
  {
    kind: 'raw-garbage-line',
    payload: crlf('POST  /api/v1/reports  HTTP/1.1', 'Host: x', 'Connection: close', '', ''),
  },
  {
    kind: 'raw-no-colon',
    payload: crlf('POST /api/v1/reports HTTP/1.1', 'Host: x', 'NoColonHeader', '', ''),
  },
  { kind: 'raw-no-colon', payload: crlf('GET /healthz HTTP/1.1', 'Host x', '', '') },
  { kind: 'raw-bad-header', payload: crlf('GET /healthz HTTP/1.1', 'Host : x', '', '') },
  { kind: 'raw-bad-header', payload: crlf('GET /healthz HTTP/1.1', 'Host: x', 'X-A: a\u0000b', '', '') },
  { kind: 'raw-bad-header', payload: crlf('GET /healthz HTTP/1.1', 'Host: x', 'X-A: a', ' folded', '', '') },
  { kind: 'raw-bad-header', payload: crlf('GET /healthz HTTP/1.1', 'Host: x', 'X-\u00ff: 1', '', '') },
  {
    kind: 'raw-bad-header',
    payload: crlf('GET /healthz HTTP/1.1', 'Host: x', `X-Big: ${'b'.repeat(20_000)}`, '', ''),
  },
  { kind: 'raw-bad-header', payload: crlf(`GET /${'a'.repeat(20_000)} HTTP/1.1`, 'Host: x', '', '') },
  {
    kind: 'raw-bad-length',
    payload: crlf('POST /api/v1/reports HTTP/1.1', 'Host: x', 'Content-Length: -1', '', '{}'),
  },
  {
    kind: 'raw-bad-length',
    payload: crlf('POST /api/v1/reports HTTP/1.1', 'Host: x', 'Content-Length: abc', '', '{}'),
  },
  {
    kind: 'raw-bad-length',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Content-Length: 2',
      'Content-Length: 3',
      '',
      '{} ',
    ),
  },
  {
    kind: 'raw-bad-length',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Content-Length: 99999999999999999999',
      '',
      '{}',
    ),
  },
  {
    kind: 'raw-smuggle',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Content-Length: 5',
      'Transfer-Encoding: chunked',
      '',
      '0',
      '',
      '',
    ),
  },
  {
    kind: 'raw-bad-chunked',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Content-Type: application/json',
      'Transfer-Encoding: chunked',
      '',
      'ZZ',
      '{}',
      '',
    ),
  },
  {
    kind: 'raw-bad-chunked',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Content-Type: application/json',
      'Transfer-Encoding: chunked',
      '',
      'FFFFFFFFFFFFFFFFFFFF',
      '',
    ),
  },
  {
    kind: 'raw-bad-chunked',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Transfer-Encoding: gzip, chunked, identity',
      '',
      '0',
      '',
      '',
    ),
  },
  // Content-Length smaller than the body: the rest is read as a (garbage) second request.
  {
    kind: 'raw-short-length',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Content-Type: application/json',
      'Content-Length: 10',
      '',
      json(good),
    ),
  },
  {
    kind: 'raw-short-length',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Host: x',
      'Content-Type: application/json',
      'Content-Length: 2',
      '',
      `{}${json(good)}`,
    ),
  },
  {
    kind: 'raw-no-host',
    payload: crlf(
      'POST /api/v1/reports HTTP/1.1',
      'Content-Type: application/json',
      'Content-Length: 2',
      '',
      '{}',
    ),
  },
  {
    kind: 'raw-bad-utf8',
    payload: Buffer.concat([
      crlf('GET /api/v1/services/'),
      Buffer.from([0xff, 0xfe, 0x80]),
      crlf('/status HTTP/1.1', 'Host: x', 'Connection: close', '', ''),
    ]),
  },
  {
    kind: 'raw-bad-utf8',
    payload: rawPost(Buffer.from('{"service":"facebook","problem":"\xff\xfe\xfd"}', 'latin1')),
  },
  { kind: 'raw-null-bytes', payload: Buffer.alloc(64) },
  { kind: 'raw-tls-hello', payload: Buffer.from('16030100a5010000a10303', 'hex') },
  {
    kind: 'raw-pipelined',
    payload: crlf('GET /api/v1/nothing HTTP/1.1', 'Host: x', '', 'BLAH BLAH', '', ''),
  },
];

type RawOutcome = { statuses: Outcome[]; unparsed: boolean; error?: string };

/** Splits the bytes a server sent into HTTP responses (status, content type, body). */
function parseResponses(kind: string, data: Buffer): { responses: Outcome[]; unparsed: boolean } {
  const responses: Outcome[] = [];
  let rest = data;
  while (rest.length > 0) {
    const p = parseOne(rest);
    if (p === undefined || p === 'invalid') return { responses, unparsed: true };
    responses.push(toOutcome(kind, '', p));
    if (p.size < 0) break; // the body was cut short
    rest = rest.subarray(p.size);
  }
  return { responses, unparsed: false };
}

/** Writes the payload (optionally one byte at a time), reads until the server closes or `capMs` passes. */
function sendRaw(
  port: number,
  kind: string,
  parts: Buffer[],
  opts: { dribbleMs?: number; capMs: number },
): Promise<RawOutcome & { closedByServer: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let closedByServer = false;
    let timer: NodeJS.Timeout | undefined;
    const cap = setTimeout(() => socket.destroy(), opts.capMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('end', () => {
      closedByServer = true;
    });
    socket.on('close', () => {
      clearTimeout(cap);
      if (timer) clearInterval(timer);
      if (error === 'ECONNRESET') closedByServer = true;
      const { responses, unparsed } = parseResponses(kind, Buffer.concat(chunks));
      resolve({
        statuses: responses,
        unparsed,
        closedByServer,
        ms: performance.now() - started,
        ...(error ? { error } : {}),
      });
    });
    socket.on('connect', () => {
      const [first, ...more] = parts;
      if (first) socket.write(first);
      if (!opts.dribbleMs) {
        for (const p of more) socket.write(p);
        return;
      }
      let k = 0;
      timer = setInterval(() => {
        const p = more[k++];
        if (p && !socket.destroyed) socket.write(p);
        else if (timer) clearInterval(timer);
      }, opts.dribbleMs);
    });
  });
}

// ---------------------------------------------------------------------------------------------

describe('hostile requests against the real server', () => {
  let server: ServerProcess;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  before(async () => {
    dir = await tempDir('hostile');
    server = await startServer({
      dataDir: dir.path,
      env: {
        DOWNWATCH_RATE_LIMIT_PER_MINUTE: '10000000',
        DOWNWATCH_TRUST_PROXY: '127.0.0.1',
        DOWNWATCH_REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_SECONDS),
        DOWNWATCH_LOG_LEVEL: 'error',
      },
    });
  });
  after(async () => {
    await server?.stop();
    await dir?.remove();
  });

  test(`${TOTAL.toLocaleString('en')} malformed requests get 4xx problems and change nothing`, async () => {
    // 1. Good reports from 200 distinct clients.
    const ids = new Set<number>();
    await pool(GOOD, 20, async (i) => {
      const res = await request(server.url, REPORTS, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`,
          'user-agent': `good/${i}`,
        },
        body: json({ service: i % 2 ? 'instagram' : 'facebook', problem: i % 3 ? 'login' : 'feed' }),
      });
      assert.equal(res.status, 201, res.body);
      ids.add((JSON.parse(res.body) as { id: number }).id);
    });
    assert.equal(ids.size, GOOD);
    const signalsBefore = {
      facebook: await signalTotals(server.url, 'facebook'),
      instagram: await signalTotals(server.url, 'instagram'),
    };
    assert.deepEqual(signalsBefore, {
      facebook: { reports: GOOD / 2, repeats: 0 },
      instagram: { reports: GOOD / 2, repeats: 0 },
    });

    // 2. Slow senders, in the background for the whole flood.
    const slow = Promise.all(
      Array.from({ length: SLOW }, (_, s) => {
        const body = json(good);
        if (s % 2 === 0) {
          // Headers, then the body one byte at a time (never idle long enough for the idle timeout).
          const head = crlf(
            'POST /api/v1/reports HTTP/1.1',
            'Host: x',
            'Content-Type: application/json',
            `Content-Length: ${body.length + 400}`,
            '',
            '',
          );
          const bytes = [...Buffer.from(body + ' '.repeat(400))].map((b) => Buffer.from([b]));
          return sendRaw(server.port, 'slow-body', [head, ...bytes], { dribbleMs: 200, capMs: 45_000 });
        }
        // Header lines one by one, never finishing the head.
        const lines = Array.from({ length: 1_000 }, (_, k) => Buffer.from(`X-Slow-${k}: ${k}\r\n`));
        return sendRaw(
          server.port,
          'slow-headers',
          [crlf('POST /api/v1/reports HTTP/1.1', 'Host: x', ''), ...lines],
          { dribbleMs: 200, capMs: 45_000 },
        );
      }),
    );
    // Content-Length larger than what is sent, then silence: the server must time out or close.
    const lying = Promise.all(
      Array.from({ length: 4 }, () =>
        sendRaw(
          server.port,
          'lying-length',
          [
            crlf(
              'POST /api/v1/reports HTTP/1.1',
              'Host: x',
              'Content-Type: application/json',
              'Content-Length: 1000',
              '',
              json(good),
            ),
          ],
          {
            capMs: 45_000,
          },
        ),
      ),
    );

    // 3. The flood: well-formed HTTP with hostile content over keep-alive, and invalid HTTP on raw sockets.
    const flood = new Tally();
    const clients = Array.from({ length: 50 }, () => new KeepAliveClient(server.port));
    const started = Date.now();
    const rawTally = new Tally();
    const unparsedRaw = new Set<string>();
    let rawWithoutAnswer = 0;
    try {
      await Promise.all([
        pool(HTTP_CASES, clients.length, async (i, worker) => {
          const c = hostile(i);
          const t0 = performance.now();
          const o = await sendHttp(clients[worker] as KeepAliveClient, c);
          flood.add(o, MAY_CLOSE.has(c.kind), performance.now() - t0);
        }),
        pool(RAW, 10, async (i) => {
          const c = pick(rawCases, i);
          const t0 = performance.now();
          const out = await sendRaw(server.port, c.kind, [c.payload], { capMs: 15_000 });
          const ms = performance.now() - t0;
          if (out.unparsed) unparsedRaw.add(c.kind);
          if (out.statuses.length === 0) {
            rawWithoutAnswer++;
            rawTally.add(
              { kind: c.kind, error: out.error ?? (out.closedByServer ? 'closed' : 'client-timeout') },
              out.closedByServer,
              ms,
            );
          }
          for (const [k, o] of out.statuses.entries()) rawTally.add(o, true, k === 0 ? ms : 0);
        }),
      ]);
    } finally {
      for (const c of clients) c.close();
    }
    const floodMs = Date.now() - started;
    const slowOut = await slow;
    const lyingOut = await lying;
    const slowTally = new Tally();
    for (const [k, o] of [...slowOut, ...lyingOut].entries()) {
      const kind = k < SLOW ? (k % 2 === 0 ? 'slow-body' : 'slow-headers') : 'lying-length';
      if (o.statuses.length === 0)
        slowTally.add(
          { kind, error: o.error ?? (o.closedByServer ? 'closed' : 'client-timeout') },
          o.closedByServer,
          o.ms,
        );
      for (const [j, s] of o.statuses.entries()) slowTally.add(s, true, j === 0 ? o.ms : 0);
    }

    flood.print(`hostile HTTP (${(floodMs / 1000).toFixed(1)} s)`);
    rawTally.print(
      `invalid HTTP on raw sockets (${RAW} connections; ${rawWithoutAnswer} closed without an answer, unparsable bytes from: ${[...unparsedRaw].join(', ') || 'none'})`,
    );
    slowTally.print('slow senders and lying lengths');
    console.log(`  total hostile requests: ${flood.total + RAW + SLOW + lyingOut.length}`);

    assert.deepEqual(flood.violations, [], 'hostile HTTP');
    assert.deepEqual(rawTally.violations, [], 'invalid HTTP');
    assert.deepEqual(slowTally.violations, [], 'slow senders');
    for (const o of [...slowOut, ...lyingOut]) {
      assert.ok(
        o.closedByServer || o.statuses.some((s) => s.status === 408),
        `slow sender was neither answered 408 nor closed: ${JSON.stringify(o)}`,
      );
    }

    // 4. The server is alive, healthy, and stores exactly the good reports.
    assert.ok(server.alive(), `server died:\n${server.stderr()}`);
    const health = await request(server.url, '/healthz');
    assert.equal(health.status, 200);
    const ready = await request(server.url, '/readyz');
    assert.equal(ready.status, 200, ready.body);
    const stored = JSON.parse((await patientGet(server.url, '/api/v1/reports?limit=1000')).body) as {
      reports: { id: number }[];
    };
    assert.deepEqual(
      new Set(stored.reports.map((r) => r.id)),
      ids,
      'the stored reports are exactly the 200 accepted ones',
    );
    const signalsAfter = {
      facebook: await signalTotals(server.url, 'facebook'),
      instagram: await signalTotals(server.url, 'instagram'),
    };
    assert.deepEqual(signalsAfter, signalsBefore, 'hostile traffic did not change the signals');
    assert.deepEqual(server.errorLogs, [], 'no error was logged');
    console.log(
      `  good reports: ${ids.size} accepted, ${stored.reports.length} stored; signals ${JSON.stringify(signalsAfter)}`,
    );
  });
});

describe('default rate limiter', () => {
  let server: ServerProcess;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    dir = await tempDir('ratelimit');
    server = await startServer({ dataDir: dir.path, env: { DOWNWATCH_LOG_LEVEL: 'error' } });
  });
  after(async () => {
    await server?.stop();
    await dir?.remove();
  });

  test('one address gets its burst of 60, then 429 with Retry-After', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const statuses: number[] = [];
    let limited: HttpResult | undefined;
    try {
      for (let i = 0; i < 80; i++) {
        const res = await request(server.url, REPORTS, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'user-agent': 'limited' },
          body: json({ service: 'facebook', problem: 'login' }),
        });
        statuses.push(res.status);
        if (res.status === 429) limited ??= res;
      }
    } finally {
      agent.destroy();
    }
    const count = (s: number) => statuses.filter((x) => x === s).length;
    console.log(`default limiter: 201=${count(201)}, 429=${count(429)} of ${statuses.length}`);
    assert.deepEqual(statuses.slice(0, 60), Array(60).fill(201), 'the burst is accepted');
    assert.ok(limited, 'some requests are limited');
    assert.equal(count(201) + count(429), statuses.length, 'only 201 or 429');
    assert.match(String(limited.headers['retry-after']), /^[1-9]\d*$/);
    assert.match(String(limited.headers['content-type']), /^application\/problem\+json/);
    const p = JSON.parse(limited.body) as { status: number; type: string; title: string };
    assert.equal(p.status, 429);
    assert.equal(p.title, 'Too Many Requests');
    assert.equal(p.type, '/api/v1/problems/rate-limited');
    const stored = JSON.parse((await patientGet(server.url, '/api/v1/reports?limit=1000')).body) as {
      reports: unknown[];
    };
    assert.equal(stored.reports.length, count(201), 'limited reports are not stored');
  });
});
