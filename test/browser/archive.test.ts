/**
 * The incident archive in Chromium: the filter form and the list at 1280 and 360 px in every
 * language (screenshots in .artifacts/screenshots/), no sideways scrolling, axe clean.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DAY, floorTo, HOUR, MINUTE } from '../../src/shared/time.ts';
import {
  axeViolations,
  browserSkipReason,
  launchBrowser,
  type SiteApp,
  screenshot,
  startSite,
} from './support.ts';

const skip = browserSkipReason();
const LANGS = ['en', 'id', 'hi', 'vi'] as const;

describe('the incident archive in Chromium', { skip }, () => {
  let app: SiteApp;
  let browser: Browser;
  before(async () => {
    const now = floorTo(Date.now(), MINUTE);
    app = await startSite(now);
    const services = ['instagram', 'whatsapp', 'telegram', 'facebook', 'youtube', 'x'];
    const impacts = ['minor', 'major', 'critical', 'minor'] as const;
    for (let k = 0; k < 30; k++) {
      const at = now - (k + 1) * 2 * DAY - k * HOUR;
      const service = services[k % services.length] ?? 'instagram';
      const svc = {
        service,
        status: 'partial_outage' as const,
        startedAt: at,
        detectedAt: at,
        recoveredAt: null,
        peakAt: at,
        peakRate: 5,
      };
      const id = await app.ctx.incidents.openIncident(
        {
          groupKey: `a${k}`,
          title: service,
          impact: impacts[k % impacts.length] ?? 'minor',
          startedAt: at,
          detectedAt: at,
          peakRate: 5,
        },
        svc,
        { at, kind: 'opened', service, message: 'opened' },
      );
      assert.ok(id !== null);
      const end = at + (20 + k * 7) * MINUTE;
      await app.ctx.incidents.resolveIncident(id, end, [{ ...svc, recoveredAt: end }], {
        at: end,
        kind: 'resolved',
        message: 'resolved',
      });
    }
    await app.ctx.snapshot.refresh();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.cleanup();
  });

  test('screenshots of /incidents at 1280 and 360 px in every language; paging works; axe clean', async () => {
    for (const width of [1280, 360]) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        timezoneId: 'Asia/Jakarta',
      });
      const page = await context.newPage();
      for (const lang of LANGS) {
        await page.goto(`${app.url}/incidents?lang=${lang}`, { waitUntil: 'load' });
        const overflow = Number(
          await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
        );
        assert.ok(overflow <= 0, `archive ${lang} at ${width}px scrolls sideways by ${overflow}px`);
        assert.equal(await page.locator('ul.incidents > li').count(), 25, 'one page of 25');
        await screenshot(page, `archive-${lang}-${width}`);
      }
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/incidents?lang=en`);
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('a[rel="next"]').click();
    await page.waitForURL(/after=/);
    assert.equal(await page.locator('ul.incidents > li').count(), 5, 'the second page holds the rest');
    await page.goto(`${app.url}/incidents?lang=en`);
    await page.selectOption('#f-service', 'telegram');
    await page.getByRole('button', { name: 'Show incidents' }).click();
    await page.waitForURL(/service=telegram/);
    assert.equal(await page.locator('ul.incidents > li').count(), 5, 'five telegram incidents');
    await screenshot(page, 'archive-filtered-en-1280');
    await context.close();
  });
});
