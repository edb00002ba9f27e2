/**
 * Abuse on loopback: while ordinary people report at a steady rate, one client sends 5,000
 * requests/s and 250 addresses (500 address × browser pairs) from one /24 flood one service. Measures the ordinary clients' p99
 * latency with and without the abuse, then keeps the server running for three detector minutes and
 * checks that no incident opened. The real server runs as its own process (default rate limit).
 * Then (in process, on a virtual clock) the cheapest crowd that opens "problems detected" on a
 * quiet service (cheapest-crowd.ts).
 *
 *   node bench/abuse/run.ts [--seconds 15] [--crowd-minutes 20] [--crowd-only]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServe } from '../support/serve.ts';
import { cheapestCrowd, describeCrowds } from './cheapest-crowd.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    'crowd-minutes': { type: 'string', default: '20' },
    'crowd-only': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CROWD_MINUTES = Number(values['crowd-minutes']);
const log = (s: string) => process.stderr.write(`${s}\n`);

/** The cheapest-crowd section; whether it met its goal. */
async function crowdSection(): Promise<boolean> {
  log(`cheapest crowd on quiet services (${CROWD_MINUTES} min per crowd)…`);
  const trials = await cheapestCrowd({ minutes: CROWD_MINUTES, log });
  console.log(`\n${describeCrowds(trials, CROWD_MINUTES)}`);
  return trials.every((t) => t.minutes === null || (t.networks >= 20 && t.countries >= 3));
}

if (values['crowd-only']) {
  process.exitCode = (await crowdSection()) ? 0 : 1;
  process.exit();
}
const dir = mkdtempSync(join(tmpdir(), 'dw-abuse-'));

const { url, child } = await startServe(dir, { DOWNWATCH_TRUST_PROXY: '127.0.0.1' });

const body = (service: string) => JSON.stringify({ service, problem: 'login', country: 'ID' });
let n = 0;
/** Ordinary people: 200 reports/s, each from its own address, spread over services. */
const people = (): autocannon.Options => ({
  url,
  connections: 20,
  overallRate: 200,
  duration: SECONDS,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/reports',
      setupRequest: (req) => {
        n++;
        const ip = `41.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        return {
          ...req,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, 'user-agent': `person-${n}` },
          body: body(['facebook', 'youtube', 'gmail', 'tiktok'][n % 4]!),
        };
      },
    },
  ],
});
/** One client, one address, 5,000 requests/s. */
const hammer = (): autocannon.Options => ({
  url: `${url}/api/v1/reports`,
  connections: 50,
  overallRate: 5_000,
  duration: SECONDS,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-forwarded-for': '77.88.99.10', 'user-agent': 'bot' },
  body: body('whatsapp'),
});
let k = 0;
/** 250 addresses × 2 browsers in one /24, all reporting the same service (250 identities since ADR 15). */
const subnet = (): autocannon.Options => ({
  url,
  connections: 10,
  overallRate: 300,
  duration: SECONDS,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/reports',
      setupRequest: (req) => {
        k++;
        return {
          ...req,
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `88.77.66.${(Math.floor(k / 2) % 250) + 1}`,
            'user-agent': `ua-${k % 2}`,
          },
          body: body('whatsapp'),
        };
      },
    },
  ],
});
const run = (o: autocannon.Options) =>
  new Promise<autocannon.Result>((resolve, reject) => autocannon(o, (e, r) => (e ? reject(e) : resolve(r))));

log(`server at ${url}; ordinary clients alone for ${SECONDS} s…`);
const alone = await run(people());
log('ordinary clients with one client at 5,000 req/s and 250 addresses × 2 browsers from one /24…');
const [withAbuse, bot, slash24] = await Promise.all([run(people()), run(hammer()), run(subnet())]);
log('waiting three detector minutes for any incident…');
await new Promise((r) => setTimeout(r, 190_000));
const incidents = (await (await fetch(`${url}/api/v1/incidents`)).json()) as {
  incidents: { title: string }[];
};
const status = (await (await fetch(`${url}/api/v1/services/whatsapp/status`)).json()) as {
  status: string;
  reports15m: number;
};
child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

const codes = (r: autocannon.Result) =>
  Object.entries(r.statusCodeStats)
    .map(([c, v]) => `${c}: ${v.count}`)
    .join(', ');
const ratio = withAbuse.latency.p99 / Math.max(1, alone.latency.p99);
console.log('| run | req/s | p50 ms | p99 ms | answers |');
console.log('|---|---:|---:|---:|---|');
console.log(
  `| ordinary clients alone | ${alone.requests.average.toFixed(0)} | ${alone.latency.p50} | ${alone.latency.p99} | ${codes(alone)} |`,
);
console.log(
  `| ordinary clients under abuse | ${withAbuse.requests.average.toFixed(0)} | ${withAbuse.latency.p50} | ${withAbuse.latency.p99} | ${codes(withAbuse)} |`,
);
console.log(
  `| one client (one address) | ${bot.requests.average.toFixed(0)} | ${bot.latency.p50} | ${bot.latency.p99} | ${codes(bot)} |`,
);
console.log(
  `| 250 addresses × 2 browsers from one /24 | ${slash24.requests.average.toFixed(0)} | ${slash24.latency.p50} | ${slash24.latency.p99} | ${codes(slash24)} |`,
);
console.log(`\np99 under abuse / alone: ${ratio.toFixed(2)} (target ≤ 2: ${ratio <= 2 ? 'PASS' : 'FAIL'})`);
console.log(
  `incidents after 3 detector minutes: ${incidents.incidents.length} (target 0: ${incidents.incidents.length === 0 ? 'PASS' : 'FAIL'}); whatsapp status ${status.status}, ${status.reports15m} counted reports in 15 min`,
);
console.log(`node ${process.version}, loopback, ${SECONDS} s per phase`);
const crowdOk = await crowdSection();
process.exitCode = ratio <= 2 && incidents.incidents.length === 0 && crowdOk ? 0 : 1;
