/**
 * Memory: a server with 1,000 extra services (1,065 with the built-in catalog) and 28 days of
 * history — hourly roll-ups for every service, per-minute counters for the last day on a fifth of
 * them — started as a real process; after warm-up, a snapshot, and page views of 200 services,
 * its resident set is read from /proc. Target (docs/architecture.md): under 256 MB.
 *
 *   node bench/memory/run.ts [--services 1000]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DAY, floorTo, HOUR, MINUTE } from '../../src/shared/time.ts';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.ts';
import { startServe } from '../support/serve.ts';

const { values } = parseArgs({ options: { services: { type: 'string', default: '1000' } } });
const N = Number(values.services);
const LIMIT_MB = 256;
const dir = mkdtempSync(join(tmpdir(), 'dw-mem-'));
const log = (s: string) => process.stderr.write(`${s}\n`);

const slugs = Array.from({ length: N }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
const yaml = [
  'providers:',
  ...Array.from({ length: N / 10 }, (_, i) => `  - { slug: prov-${i}, name: "Provider ${i}" }`),
  'services:',
  ...slugs.map(
    (s, i) =>
      `  - { slug: ${s}, name: "Service ${i}", provider: prov-${Math.floor(i / 10)}, kind: other, website: "https://${s}.example", categories: [login, app, website], keywords: { en: ["${s}"] } }`,
  ),
].join('\n');
writeFileSync(join(dir, 'bench-services.yaml'), yaml);

log(`seeding 28 days of history for ${N} services…`);
const { store, sql } = openSqlite(join(dir, 'downwatch.sqlite'));
await store.migrate();
const now = floorTo(Date.now(), MINUTE);
const hourSql =
  'INSERT INTO counts_hour (service, hour, problem, country, reports, repeats) VALUES ($1, $2, $3, $4, $5, 0)';
const minuteSql =
  'INSERT INTO counts_minute (service, minute, problem, country, reports, repeats) VALUES ($1, $2, $3, $4, $5, 0)';
let rows = 0;
for (const [i, s] of slugs.entries()) {
  await sql.writer.transaction(async (tx) => {
    for (let h = floorTo(now - 28 * DAY, HOUR); h < now; h += HOUR) {
      await tx.run(hourSql, [s, h, 'login', 'US', 20 + ((i + h / HOUR) % 17)]);
      rows++;
    }
    if (i % 5 === 0) {
      for (let m = now - DAY; m < now; m += MINUTE) {
        await tx.run(minuteSql, [s, m, 'login', 'US', 1 + ((m / MINUTE) % 3)]);
        rows++;
      }
    }
  });
  if (i % 100 === 0) log(`  ${i}/${N} services, ${rows.toLocaleString('en')} rows`);
}
await store.close();
log(`seeded ${rows.toLocaleString('en')} counter rows`);

const { url, child } = await startServe(dir, { DOWNWATCH_CATALOG: join(dir, 'bench-services.yaml') });
const startedAt = Date.now();
log(`server up at ${url}; reading pages…`);
for (const s of slugs.slice(0, 200)) {
  await (await fetch(`${url}/status/${s}`)).arrayBuffer();
  await (await fetch(`${url}/api/v1/services/${s}/detail`)).arrayBuffer();
}
await (await fetch(`${url}/api/v1/status`)).arrayBuffer();
await (await fetch(`${url}/`)).arrayBuffer();
await new Promise((r) => setTimeout(r, 3_000));
const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
const kb = (k: string) => Number(status.match(new RegExp(`${k}:\\s+(\\d+) kB`))?.[1] ?? 0);
const rss = kb('VmRSS') / 1024;
const peak = kb('VmHWM') / 1024;
child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

console.log(
  `| services | history | counter rows | start-up to ready | RSS after page views | peak RSS | target |`,
);
console.log(`|---:|---|---:|---:|---:|---:|---|`);
console.log(
  `| ${N + 65} | 28 days hourly, 1 day per minute on ${N / 5} | ${rows.toLocaleString('en')} | ${((Date.now() - startedAt) / 1000).toFixed(0)} s incl. reads | ${rss.toFixed(0)} MB | ${peak.toFixed(0)} MB | < ${LIMIT_MB} MB: ${rss < LIMIT_MB ? 'PASS' : 'FAIL'} |`,
);
console.log(`\nnode ${process.version}, ${process.platform}`);
process.exitCode = rss < LIMIT_MB ? 0 : 1;
