/**
 * Shared pieces of the browser tests: Debian's Chromium through playwright-core (skipped with a
 * message when it is missing, failed under CI=true), an in-process app on a loopback port with a
 * controllable clock, and seeding helpers that write history and replay outages minute by minute.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { z } from 'zod';
import { createTestApp } from '../../src/app/testing/test-app.ts';
import { floorTo, HOUR, MINUTE } from '../../src/shared/time.ts';
import type { NewReport } from '../../src/store/store.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '../../.artifacts/screenshots');

/** Why browser tests cannot run here, or undefined when they can (missing Chromium fails under CI). */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `${CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium) to run the browser tests`;
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}

/** Headless Chromium with the flags that keep it quiet and offline. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });

export type SiteApp = Awaited<ReturnType<typeof createTestApp>> & {
  url: string;
  /** The app's clock; move it with `setNow`. */
  now: () => number;
  setNow: (t: number) => void;
};

/** The whole app on 127.0.0.1:0 with manual detector ticks and a clock the test moves. */
export async function startSite(
  start = floorTo(Date.now(), MINUTE),
  config: Record<string, unknown> = {},
): Promise<SiteApp> {
  let current = start;
  const app = await createTestApp(
    { rateLimitPerMinute: 10_000, ...config },
    { manualTicks: true, clock: { now: () => current } },
  );
  const address = await app.server.listen({ host: '127.0.0.1', port: 0 });
  return { ...app, url: address, now: () => current, setNow: (t) => (current = t) };
}

let seq = 0;
const COUNTRIES = ['ID', 'IN', 'VN', 'US', 'BR', 'ID', 'IN', 'PH'];

/** `n` distinct people reporting `service` during the minute starting at t. */
export function reportsAt(service: string, t: number, n: number, problems = ['login', 'feed']): NewReport[] {
  return Array.from({ length: n }, (_, i) => ({
    service,
    problem: problems[i % problems.length] ?? 'login',
    country: COUNTRIES[(seq + i) % COUNTRIES.length] ?? 'ID',
    receivedAt: t + ((i * 997) % 59_000),
    identity: `person-${seq++}`,
    network: `net-${seq % 5000}`,
    source: 'web' as const,
  }));
}

/** The service's three most common problem categories, from the catalog. */
const problemsOf = (app: SiteApp, service: string): string[] =>
  app.ctx.catalog.bySlug
    .get(service)
    ?.categories.slice(0, 3)
    .map((c) => c.id) ?? ['login'];

/** The usual reports per minute at t: a daily rhythm between about 0.5 and 2 (UTC). */
export const usualRate = (t: number): number =>
  1.25 + 0.75 * Math.sin((2 * Math.PI * ((t % (24 * HOUR)) / HOUR - 8)) / 24);

/** Whole reports for the minute starting at t that add up to the usual rate over time. */
export const usualCount = (t: number): number => {
  const k = Math.floor(t / MINUTE);
  return Math.floor(usualRate(t) * (k + 1)) - Math.floor(usualRate(t) * k);
};

/**
 * The usual traffic of each service over [from, to), written as hourly batches. Four weeks give the
 * detector's warm-up a full baseline for every hour of the week.
 */
export async function seedHistory(app: SiteApp, services: string[], from: number, to: number): Promise<void> {
  for (let t = floorTo(from, HOUR); t < floorTo(to, HOUR); t += HOUR) {
    const n = Math.round(60 * usualRate(t));
    await app.ctx.store.appendReports(
      services.flatMap((s) =>
        reportsAt(s, t, n, problemsOf(app, s)).map((r, i) => ({
          ...r,
          receivedAt: t + Math.floor((i * HOUR) / n),
        })),
      ),
    );
  }
}

/** Replays minutes [from, to): each gets `perMinute(service, t)` reports, then a detector tick. */
export async function replay(
  app: SiteApp,
  services: string[],
  from: number,
  to: number,
  perMinute: (service: string, t: number) => number,
  afterMinute?: (t: number) => Promise<void>,
): Promise<void> {
  for (let t = from; t < to; t += MINUTE) {
    app.setNow(t + MINUTE);
    await app.ctx.store.appendReports(
      services.flatMap((s) => reportsAt(s, t, perMinute(s, t), problemsOf(app, s))),
    );
    await app.ctx.monitor.tick(t);
    if (afterMinute) await afterMinute(t);
  }
}

/**
 * Runs axe-core (injected from the package) on the page; returns the serious and critical violations.
 * The page's context needs `bypassCSP: true`: the site's CSP rightly refuses an injected script.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // A string, evaluated in the page (these tests are compiled without the DOM library).
  const json = await page.evaluate(`axe.run().then((r) => JSON.stringify(r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.impact + ' ' + v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))`);
  const found = z.array(z.string()).parse(JSON.parse(String(json)));
  return found;
}

/** Saves a full-page screenshot under .artifacts/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
