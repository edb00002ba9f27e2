/**
 * The pages outside the status views, in Chromium: email sign-up (double opt-in through a real SMTP
 * server), confirmation, unsubscribe, the API documentation and the message pages. Each is one of
 * the site's pages (its header, language switch and theme), has no serious or critical axe-core
 * violation in light or dark, fits 360 px, and is photographed in every language at 1280 and 360 px.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseMail } from '../../src/alerts/channels/testing/parse-mail.ts';
import { smtpReceiver } from '../../src/alerts/channels/testing/smtp-receiver.ts';
import { floorTo, HOUR, MINUTE } from '../../src/shared/time.ts';
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
const PUBLIC = 'https://downwatch.example';
const SERVICES = { en: 'instagram', id: 'facebook', hi: 'messenger', vi: 'threads' } as const;

describe('subscription, docs and message pages in Chromium', { skip }, () => {
  let app: SiteApp;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let browser: Browser;

  before(async () => {
    smtp = await smtpReceiver();
    app = await startSite(floorTo(Date.now(), MINUTE), {
      smtpUrl: smtp.url,
      mailFrom: 'Downwatch <alerts@downwatch.example>',
      publicUrl: PUBLIC,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.cleanup();
    await smtp?.close();
  });

  /** Signs up through the form on `page` and returns the confirmation link of the mail it sent. */
  const signUp = async (page: Page, lang: string, email: string): Promise<string> => {
    // A new hour: the sign-up limit (a burst of five per address) never decides these tests.
    app.setNow(app.now() + HOUR);
    const before = smtp.messages.length;
    await page.goto(`${app.url}/subscribe?lang=${lang}&provider=meta`);
    await page.fill('#email', email);
    await page.selectOption('#language', lang);
    await Promise.all([
      page.waitForURL(`${app.url}/subscribe`),
      page.click('form.fields button[type=submit]'),
    ]);
    assert.equal(smtp.messages.length, before + 1, 'one confirmation mail');
    const mail = parseMail(smtp.messages.at(-1)?.raw ?? '');
    const link = mail.text.match(/https:\/\/downwatch\.example(\/subscribe\/confirm\?token=[\w-]+)/)?.[1];
    assert.ok(link, mail.text);
    return `${app.url}${link}`;
  };

  /** Opens an incident on `slug`, lets the alerts go out, returns the last mail's unsubscribe URL. */
  const alertUnsubscribeLink = async (slug: string): Promise<string> => {
    const now = app.now();
    await app.ctx.incidents.openIncident(
      {
        groupKey: `meta-${slug}`,
        title: 'Problems',
        impact: 'critical',
        startedAt: now,
        detectedAt: now,
        peakRate: 50,
      },
      {
        service: slug,
        status: 'major_outage',
        startedAt: now,
        detectedAt: now,
        recoveredAt: null,
        peakAt: now,
        peakRate: 50,
      },
      { at: now, kind: 'opened', service: slug, message: `${slug} down` },
    );
    const before = smtp.messages.length;
    await app.alerts.runOnce();
    app.setNow(now + 31_000);
    // The app also runs a pass of its own when an incident opens: wait for whichever pass sends it.
    for (let i = 0; i < 50 && smtp.messages.length === before; i++) {
      await app.alerts.runOnce();
      if (smtp.messages.length === before) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(smtp.messages.length > before, 'the alert was mailed');
    const mail = parseMail(smtp.messages.at(-1)?.raw ?? '');
    const path = mail.headers.get('list-unsubscribe')?.match(/<https:\/\/downwatch\.example([^>]+)>/)?.[1];
    assert.ok(path, 'the alert carries its unsubscribe link');
    return `${app.url}${path}`;
  };

  /** The site's own frame: brand, language switch, stylesheet, footer. */
  const assertSiteFrame = async (page: Page, lang: string) => {
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.ok(await page.locator('header.top a.brand').isVisible(), 'the site header');
    assert.equal(await page.locator('#lang-select').inputValue(), lang, 'the language switch');
    assert.equal(await page.locator('link[rel=stylesheet][href^="/assets/site."]').count(), 1);
    assert.ok(await page.locator('footer.foot').isVisible(), 'the site footer');
  };

  test('sign up, confirm and unsubscribe, each page in the site’s frame and the chosen language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const link = await signUp(page, 'id', 'budi@example.co.id');
    await assertSiteFrame(page, 'id');
    assert.equal(await page.locator('h1').textContent(), 'Periksa kotak masuk Anda');
    // The link asks first (a mail scanner following it confirms nothing); the button confirms.
    await page.goto(link);
    await assertSiteFrame(page, 'id');
    await Promise.all([
      page.waitForURL(`${app.url}/subscribe/confirm`),
      page.click('main form button[type=submit]'),
    ]);
    await assertSiteFrame(page, 'id');
    assert.equal(await page.locator('h1').textContent(), 'Peringatan dikonfirmasi');
    // The link works once; the page that says so is a site page too, and it can switch language.
    await page.goto(`${link}&lang=en`);
    await assertSiteFrame(page, 'en');
    assert.match((await page.locator('[role=alert]').textContent()) ?? '', /not valid/);
    await Promise.all([page.waitForURL(/lang=|token=/), page.selectOption('#lang-select', 'vi')]);
    await page.waitForFunction(`document.documentElement.lang === 'vi'`);
    // The switch remembers the choice: the form now speaks Vietnamese.
    await page.goto(`${app.url}/subscribe`);
    await assertSiteFrame(page, 'vi');
    assert.equal(await page.locator('#language').inputValue(), 'vi');
    await context.close();

    // An alert arrives with its one-click link; in the browser, a GET asks and the button unsubscribes.
    const unsubscribe = await alertUnsubscribeLink('whatsapp');
    const other = await browser.newContext();
    const tab = await other.newPage();
    await tab.goto(unsubscribe);
    await assertSiteFrame(tab, 'id');
    assert.match(
      (await tab.locator('main p').first().textContent()) ?? '',
      /Hentikan peringatan tentang semua layanan Meta/,
    );
    await tab.click('main form button[type=submit]');
    await tab.locator('h1', { hasText: 'Berhenti berlangganan' }).waitFor();
    assert.match((await tab.locator('main').textContent()) ?? '', /Anda telah berhenti berlangganan/);
    await assertSiteFrame(tab, 'id');
    await other.close();
  });

  test('axe-core: no serious or critical violations on the sign-up, notice, docs and message pages', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, reducedMotion: 'reduce', bypassCSP: true });
      const page = await context.newPage();
      for (const path of [
        '/subscribe?lang=en',
        '/subscribe?lang=hi&service=whatsapp',
        '/subscribe/confirm?token=not-a-token&lang=vi',
        '/subscribe/unsubscribe?token=not-a-token&lang=id',
        '/api/v1/docs?lang=en',
        '/api/v1/docs?lang=hi',
        '/status/no-such-service?lang=vi',
      ]) {
        await page.goto(`${app.url}${path}`);
        await assertSiteFrame(page, new URL(path, app.url).searchParams.get('lang') ?? 'en');
        const found = await axeViolations(page);
        assert.deepEqual(found, [], `${path} (${colorScheme}): ${found.join('; ')}`);
      }
      await context.close();
    }
  });

  test('screenshots: sign-up, sent, confirmed, unsubscribe, docs and message pages in every language at 1280 and 360 px', async () => {
    for (const lang of LANGS) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // The pages behind a one-time link are photographed at both widths from the same load.
      const shoot = async (name: string) => {
        for (const width of [1280, 360]) {
          await page.setViewportSize({ width, height: 900 });
          await page.waitForTimeout(100);
          const overflow = Number(
            await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
          );
          assert.ok(overflow <= 0, `${name} ${lang} at ${width}px scrolls sideways by ${overflow}px`);
          await screenshot(page, `${name}-${lang}-${width}`);
        }
        await page.setViewportSize({ width: 1280, height: 900 });
      };
      await page.goto(`${app.url}/subscribe?lang=${lang}&provider=meta`);
      await shoot('subscribe');
      const link = await signUp(page, lang, `reader-${lang}@example.com`);
      await shoot('subscribe-sent');
      await page.goto(link);
      await shoot('subscribe-confirm');
      await Promise.all([
        page.waitForURL(`${app.url}/subscribe/confirm`),
        page.click('main form button[type=submit]'),
      ]);
      await shoot('subscribe-confirmed');
      // One Meta service per language: each opens an incident of its own.
      const unsubscribe = await alertUnsubscribeLink(SERVICES[lang]);
      await page.goto(`${unsubscribe}&lang=${lang}`);
      await shoot('unsubscribe');
      await page.goto(`${app.url}/subscribe/confirm?token=used-or-unknown&lang=${lang}`);
      await shoot('subscribe-invalid-link');
      await page.goto(`${app.url}/api/v1/docs?lang=${lang}`);
      // The folded contents open and lead to an endpoint's section.
      await page.click('.api-toc summary');
      await page.click('.api-toc a[href="#op-2"]');
      assert.ok(await page.locator('#op-2').isVisible(), 'the contents link to each endpoint');
      await page.evaluate('window.scrollTo(0, 0)');
      await shoot('api-docs');
      await page.goto(`${app.url}/status/no-such-service?lang=${lang}`);
      await shoot('not-found');
      await context.close();
    }
    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await dark.newPage();
    for (const [name, path] of [
      ['subscribe', '/subscribe?lang=en'],
      ['api-docs', '/api/v1/docs?lang=en'],
    ] as const) {
      await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
      await screenshot(page, `${name}-en-1280-dark`);
    }
    await dark.close();
  });
});
