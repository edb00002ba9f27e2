import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { subscribeEmail } from '../../alerts/subscriptions/create-subscription.ts';
import {
  confirmSubscription,
  pendingForConfirmToken,
  subscriptionForToken,
  unsubscribe,
} from '../../alerts/subscriptions/manage-subscription.ts';
import { subscriptionView } from '../../alerts/subscriptions/views.ts';
import { isLang, type Lang } from '../../i18n/languages.ts';
import { DomainError, NotFoundError, RateLimitedError, ValidationError } from '../../shared/errors.ts';
import type { Site } from '../../web/site.ts';
import {
  confirmedPage,
  confirmPage,
  invalidLinkPage,
  type SubscriptionPageBase,
  sentPage,
  subscribePage,
  unsubscribedPage,
  unsubscribePage,
} from '../../web/subscribe-page.ts';
import type { HttpContext } from '../context.ts';
import type { FormGuard } from '../form-guard.ts';
import { chosenLanguage, pageLanguage } from '../page-reply.ts';
import { SignupRateLimited, signupAllowed } from './signup-limit.ts';

const str = (o: unknown, key: string, max = 300): string | undefined => {
  if (typeof o !== 'object' || o === null) return undefined;
  const v: unknown = Reflect.get(o, key);
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, max) : undefined;
};

/** "provider:meta" → { provider: 'meta' }; "all" → {}. */
function scopeFields(scope: string | undefined): Record<string, string> {
  const [kind, value] = (scope ?? 'all').split(':');
  return (kind === 'service' || kind === 'provider' || kind === 'category') && value ? { [kind]: value } : {};
}

const send = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/**
 * The subscription pages: a form (double opt-in by email), the confirmation link and the one-click
 * unsubscribe (RFC 8058: the List-Unsubscribe URL answers a POST; a GET only asks). They render in
 * src/web with the site's layout; this file validates, calls the alerts verbs and sends.
 */
export function registerSubscribePages(
  app: FastifyInstance,
  ctx: HttpContext,
  site: Site,
  forms: FormGuard,
): void {
  const a = ctx.alerts;
  const enabled = () => Boolean(a.channels.mailer);
  /** What every page needs, in `lang`; `path` is where the language switch comes back to. */
  const base = (lang: Lang, path: string): SubscriptionPageBase => ({
    tr: site.translators[lang],
    assets: site.assets.urls,
    path,
  });
  /** The visitor's form token (and its cookie, set when new), for a page with a form. */
  const withToken = (
    req: FastifyRequest,
    reply: FastifyReply,
    b: SubscriptionPageBase,
  ): SubscriptionPageBase => {
    const f = forms.subscribeToken(req);
    if (f.setCookie) reply.header('set-cookie', f.setCookie);
    return { ...b, hidden: { form_token: f.token } };
  };
  /** A page about one subscription speaks its language, unless the reader chose one (URL or cookie). */
  const langFor = (req: FastifyRequest, subscription: string): Lang =>
    chosenLanguage(req) ?? (isLang(subscription) ? subscription : pageLanguage(req).lang);

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    scope.get('/subscribe', async (req, reply) => {
      const pre = ['service', 'provider', 'category']
        .map((k) => (str(req.query, k, 64) ? `${k}:${str(req.query, k, 64)}` : undefined))
        .find(Boolean);
      const page = subscribePage({
        ...withToken(req, reply, base(pageLanguage(req).lang, req.url)),
        catalog: ctx.catalog,
        enabled: enabled(),
        scope: pre,
      });
      return send(reply, 200, page);
    });

    scope.post('/subscribe', async (req, reply) => {
      forms.checkOrigin(req);
      // The language chosen for the emails is the page's language from here on.
      const asked = str(req.body, 'language', 10);
      const lang = isLang(asked) ? asked : pageLanguage(req).lang;
      const tr = site.translators[lang];
      const email = str(req.body, 'email') ?? '';
      const scopeValue = str(req.body, 'scope', 100);
      const again = (status: number, error: string) =>
        send(
          reply,
          status,
          subscribePage({
            ...withToken(req, reply, base(lang, '/subscribe')),
            catalog: ctx.catalog,
            enabled: enabled(),
            scope: scopeValue,
            email,
            error,
          }),
        );
      if (!enabled()) return again(422, tr.t('error.emailDisabled'));
      if (!forms.checkSubscribeToken(req, str(req.body, 'form_token', 100)))
        return again(403, tr.t('error.formExpired'));
      try {
        if (!signupAllowed(ctx, req.ip, email)) throw new SignupRateLimited();
        await subscribeEmail(a, {
          email,
          ...scopeFields(scopeValue),
          minSeverity: str(req.body, 'minSeverity', 20) ?? 'minor',
          language: lang,
        });
        return send(reply, 200, sentPage({ ...base(lang, '/subscribe'), email }));
      } catch (e) {
        if (e instanceof RateLimitedError) return again(429, tr.t('error.rateLimited'));
        if (e instanceof ValidationError || e instanceof NotFoundError)
          return again(
            422,
            tr.t('error.invalid', {
              detail: e instanceof ValidationError ? (e.issues[0]?.message ?? e.message) : e.message,
            }),
          );
        if (e instanceof DomainError) return again(503, tr.t('error.sendFailed'));
        throw e;
      }
    });

    // The emailed link only asks (GET and HEAD change nothing: mail scanners follow links); the
    // page's button confirms with a POST that carries the link's token and the form token.
    scope.get('/subscribe/confirm', async (req, reply) => {
      const token = str(req.query, 'token', 200) ?? '';
      try {
        const s = await pendingForConfirmToken(a, token);
        const b = withToken(req, reply, base(langFor(req, s.language), req.url));
        return send(reply, 200, confirmPage({ ...b, token, scope: s.scope }));
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        return send(
          reply,
          404,
          invalidLinkPage({ ...base(pageLanguage(req).lang, req.url), flow: 'confirm' }),
        );
      }
    });

    scope.post('/subscribe/confirm', async (req, reply) => {
      forms.checkOrigin(req);
      const token = str(req.body, 'token', 200) ?? '';
      const link = `/subscribe/confirm?token=${encodeURIComponent(token)}`;
      if (!forms.checkSubscribeToken(req, str(req.body, 'form_token', 100))) {
        // A stale form: ask again with a fresh one (the link's token is still good).
        try {
          const s = await pendingForConfirmToken(a, token);
          const b = withToken(req, reply, base(langFor(req, s.language), link));
          return send(reply, 403, confirmPage({ ...b, token, scope: s.scope }));
        } catch (e) {
          if (!(e instanceof NotFoundError)) throw e;
        }
        return send(reply, 404, invalidLinkPage({ ...base(pageLanguage(req).lang, link), flow: 'confirm' }));
      }
      try {
        const s = await confirmSubscription(a, token);
        // The link works once: switching language afterwards leads back to the form, not to "invalid".
        return send(
          reply,
          200,
          confirmedPage({ ...base(langFor(req, s.language), '/subscribe'), scope: s.scope }),
        );
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        return send(reply, 404, invalidLinkPage({ ...base(pageLanguage(req).lang, link), flow: 'confirm' }));
      }
    });

    scope.get('/subscribe/unsubscribe', async (req, reply) => {
      const token = str(req.query, 'token', 200) ?? '';
      try {
        const s = await subscriptionForToken(a, token);
        const b = base(langFor(req, s.language), req.url);
        if (s.state === 'unsubscribed') return send(reply, 200, unsubscribedPage(b));
        const target = subscriptionView(s, a.channels).channel.description;
        return send(reply, 200, unsubscribePage({ ...b, token, scope: s.scope, target }));
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        return send(
          reply,
          404,
          invalidLinkPage({ ...base(pageLanguage(req).lang, req.url), flow: 'unsubscribe' }),
        );
      }
    });

    // RFC 8058 one-click: mail providers POST "List-Unsubscribe=One-Click" here; our form posts too.
    scope.post('/subscribe/unsubscribe', async (req, reply) => {
      const token = str(req.query, 'token', 200) ?? '';
      try {
        const view = await unsubscribe(a, { token });
        return send(reply, 200, unsubscribedPage(base(langFor(req, view.language), req.url)));
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        return send(
          reply,
          404,
          invalidLinkPage({ ...base(pageLanguage(req).lang, req.url), flow: 'unsubscribe' }),
        );
      }
    });
  });
}
