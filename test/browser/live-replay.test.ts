/**
 * "Watch a replay turn a service red live": a service page is open in Chromium while an outage is
 * replayed minute by minute (reports, detector tick, snapshot rebuild); the verdict turns to
 * "Problems detected" through the live stream, without a reload.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { floorTo, HOUR, MINUTE } from '../../src/shared/time.ts';
import {
  browserSkipReason,
  launchBrowser,
  replay,
  type SiteApp,
  seedHistory,
  startSite,
  usualCount,
} from './support.ts';

const skip = browserSkipReason();
const SERVICES = ['instagram', 'telegram'];

let app: SiteApp;
let browser: Browser;
before(async () => {
  if (skip) return;
  const t0 = floorTo(Date.now(), HOUR) - HOUR;
  app = await startSite(t0);
  await seedHistory(app, SERVICES, t0 - 28 * 24 * HOUR, t0);
  await app.ctx.monitor.warmUp(t0);
  await replay(app, SERVICES, t0, t0 + 30 * MINUTE, (_s, t) => usualCount(t));
  await app.ctx.snapshot.refresh();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.cleanup();
});

test('a replayed outage turns the open service page red, live', { skip }, async (tc) => {
  const page = await browser.newPage();
  await page.goto(`${app.url}/status/instagram?lang=en`);
  const verdict = page.locator('.big-verdict .verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'no_problems', 'normal before the outage');
  await page.locator('#live.on').waitFor({ timeout: 10_000 });
  await page.evaluate('window.marker = true');
  const start = app.now();
  let turned = -1;
  await replay(
    app,
    SERVICES,
    start,
    start + 8 * MINUTE,
    (s, t) => (s === 'instagram' && t >= start + MINUTE ? 120 : usualCount(t)),
    async (t) => {
      await app.ctx.snapshot.refresh();
      if (turned < 0 && (await verdict.getAttribute('data-verdict')) === 'problems_detected')
        turned = (t - start) / MINUTE;
    },
  );
  await page.waitForFunction(
    `document.querySelector('.big-verdict .verdict')?.getAttribute('data-verdict') === 'problems_detected'`,
    undefined,
    { timeout: 10_000 },
  );
  tc.diagnostic(
    turned >= 0
      ? `red on the page after simulated minute ${turned} of the outage`
      : 'red after the replay ended',
  );
  assert.equal(await verdict.locator('.vt').textContent(), 'Problems detected');
  assert.match((await verdict.getAttribute('class')) ?? '', /\bv-problems_detected\b/);
  assert.ok((await page.evaluate('window.marker')) === true, 'the page was not reloaded');
  const count = Number(
    (await page.locator('.status-head [data-count="reports15m"]').textContent())?.replace(/\D/g, ''),
  );
  assert.ok(count >= 120, `the 15-minute count moved live (${count})`);
  await page.close();
});
