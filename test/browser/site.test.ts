/**
 * The status site in Chromium: pages without JavaScript, a report that moves the count, the
 * language switch, axe-core (no serious or critical violations, light and dark), and screenshots of
 * home, service and incident pages in every language at 1280 and 360 px (.artifacts/screenshots/).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { floorTo, HOUR, MINUTE } from '../../src/shared/time.ts';
import {
  axeViolations,
  browserSkipReason,
  launchBrowser,
  replay,
  type SiteApp,
  screenshot,
  seedHistory,
  startSite,
  usualCount,
} from './support.ts';

const skip = browserSkipReason();
const SERVICES = ['facebook', 'instagram', 'whatsapp', 'telegram', 'youtube', 'x'];
const LANGS = ['en', 'id', 'hi', 'vi'] as const;

describe('status site in Chromium', { skip }, () => {
  let app: SiteApp;
  let browser: Browser;
  let incidentId = 0;

  before(async () => {
    const now = floorTo(Date.now(), MINUTE);
    const t0 = floorTo(now, HOUR) - 4 * HOUR;
    app = await startSite(t0);
    await seedHistory(app, SERVICES, t0 - 28 * 24 * HOUR, t0);
    await app.ctx.monitor.warmUp(t0);
    // A Meta outage two to three hours ago, and WhatsApp failing in the last 20 minutes.
    const outage = (s: string, t: number) => {
      const meta = t >= t0 + 60 * MINUTE && t < t0 + 110 * MINUTE;
      if (meta && s === 'facebook') return 90;
      if (meta && s === 'instagram' && t >= t0 + 63 * MINUTE) return 40;
      if (s === 'whatsapp' && t >= now - 20 * MINUTE) return 70;
      return usualCount(t);
    };
    await replay(app, SERVICES, t0, now, outage);
    await app.ctx.snapshot.refresh();
    const incidents = await app.ctx.incidents.listIncidents({ limit: 10 });
    incidentId = incidents.find((i) => i.services.some((s) => s.service === 'facebook'))?.id ?? 0;
    assert.ok(incidentId > 0, 'the replayed Meta outage opened an incident');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.cleanup();
  });

  test('without JavaScript: verdicts and counts show, the report form posts and thanks', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/?lang=en`);
    assert.ok(await page.locator('li.svc[data-slug="facebook"] .verdict').isVisible());
    await page.goto(`${app.url}/status/youtube?lang=en`);
    const before = Number(await page.locator('.status-head [data-count="reports15m"]').textContent());
    await page.locator('.report-form button[value="video"]').click();
    await page.waitForURL(/reported=video/);
    assert.match((await page.locator('#report-notice').textContent()) ?? '', /Thank you/);
    await app.ctx.snapshot.refresh();
    // A new URL: the browser may reuse the first page for its max-age of 5 s.
    await page.goto(`${app.url}/status/youtube?lang=en&again=1`);
    const after = Number(await page.locator('.status-head [data-count="reports15m"]').textContent());
    assert.equal(after, before + 1, 'the plain POST was counted');
    await context.close();
  });

  test('the Content-Security-Policy lets the site work and reports no violation', async () => {
    const context = await browser.newContext();
    await context.addInitScript({
      content:
        "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
    });
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) console.push(m.text());
    });
    const violations = async () => ((await page.evaluate('window.__cspViolations')) as string[]) ?? [];
    for (const path of ['/?lang=en', `/incidents/${incidentId}?lang=en`, '/subscribe', '/api/v1/docs']) {
      const res = await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
      assert.match(String(res?.headers()['content-security-policy']), /frame-ancestors 'none'/, path);
      assert.deepEqual(await violations(), [], path);
    }
    // The theme snippet (inline, allowed by its hash) runs before paint; the site script runs too.
    await page.evaluate("localStorage.setItem('theme', 'dark')");
    await page.goto(`${app.url}/status/telegram?lang=en`, { waitUntil: 'load' });
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
    await page.locator('#theme-toggle:not([hidden])').waitFor({ timeout: 5_000 });
    // The live-update stream connects under connect-src 'self'.
    await page.locator('#live.on').waitFor({ timeout: 10_000 });
    // The charts' and bars' sizes (style attributes) apply.
    const width = await page.evaluate(
      "getComputedStyle(document.querySelector('.bar-fill') ?? document.body).width",
    );
    assert.notEqual(width, '0px');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(console, []);
    await context.close();
  });

  test('submit a report and see the count move (live)', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/status/telegram?lang=en`);
    await page.locator('#live.on').waitFor({ timeout: 10_000 });
    const count = page.locator('.status-head [data-count="reports15m"]');
    const before = Number((await count.textContent())?.replace(/\D/g, ''));
    await page.locator('.report-form button[value="login"]').click();
    await page.locator('#report-notice .notice.ok', { hasText: 'Thank you' }).waitFor();
    // The server's own figure arrives through the live stream once the snapshot rebuilds.
    const status = async () => {
      const res = await fetch(`${app.url}/api/v1/services/telegram/status`);
      return ((await res.json()) as { reports15m: number }).reports15m;
    };
    for (let i = 0; i < 50 && (await status()) !== before + 1; i++) await page.waitForTimeout(200);
    assert.equal(await status(), before + 1, 'the server counted it');
    await page.waitForFunction(
      `document.querySelector('.status-head [data-count="reports15m"]')?.textContent === '${before + 1}'`,
    );
    await page.close();
  });

  test('switch language: chosen, remembered across pages, and negotiated from Accept-Language', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await Promise.all([page.waitForURL(`${app.url}/`), page.selectOption('#lang-select', 'id')]);
    await page.waitForFunction(`document.documentElement.lang === 'id'`);
    assert.equal(await page.locator('h1').textContent(), 'Apakah sedang down?');
    await page.goto(`${app.url}/status/instagram`);
    assert.equal(await page.getAttribute('html', 'lang'), 'id', 'the cookie remembers the choice');
    await context.close();
    const vi = await browser.newContext({ locale: 'vi-VN' });
    const p2 = await vi.newPage();
    await p2.goto(`${app.url}/`);
    assert.equal(await p2.getAttribute('html', 'lang'), 'vi');
    assert.match((await p2.locator('#tz-note').textContent()) ?? '', /múi giờ/);
    await vi.close();
  });

  test('axe-core: no serious or critical violations on home, service and incident pages', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // Reduced motion: colours are checked at rest, not halfway through a live update's transition.
      const context = await browser.newContext({ colorScheme, reducedMotion: 'reduce', bypassCSP: true });
      const page = await context.newPage();
      for (const path of [
        '/?lang=en',
        '/status/whatsapp?lang=hi',
        `/incidents/${incidentId}?lang=vi`,
        '/?lang=id&q=insta',
      ]) {
        await page.goto(`${app.url}${path}`);
        const found = await axeViolations(page);
        assert.deepEqual(found, [], `${path} (${colorScheme}): ${found.join('; ')}`);
      }
      await context.close();
    }
  });

  test('screenshots: home, service and incident pages in every language at 1280 and 360 px', async () => {
    for (const width of [1280, 360]) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        timezoneId: 'Asia/Jakarta',
      });
      const page = await context.newPage();
      for (const lang of LANGS) {
        for (const [name, path] of [
          ['home', '/'],
          ['service', '/status/whatsapp'],
          ['incident', `/incidents/${incidentId}`],
        ] as const) {
          await page.goto(`${app.url}${path}?lang=${lang}`, { waitUntil: 'load' });
          await page.waitForTimeout(150);
          const overflow = Number(
            await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
          );
          assert.ok(overflow <= 0, `${name} ${lang} at ${width}px scrolls sideways by ${overflow}px`);
          await screenshot(page, `${name}-${lang}-${width}`);
        }
      }
      await context.close();
    }
    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await dark.newPage();
    for (const [name, path] of [
      ['home', '/?lang=en'],
      ['service', '/status/whatsapp?lang=en'],
      ['incident', `/incidents/${incidentId}?lang=en`],
    ] as const) {
      await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
      await page.waitForTimeout(150);
      await screenshot(page, `${name}-en-1280-dark`);
    }
    await dark.close();
  });
});
