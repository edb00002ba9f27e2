import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAlertLanguage, texts } from '../../alerts/i18n/texts.ts';
import { subscribeEmail } from '../../alerts/subscriptions/create-subscription.ts';
import {
  confirmSubscription,
  subscriptionForToken,
  unsubscribe,
} from '../../alerts/subscriptions/manage-subscription.ts';
import { subscriptionView } from '../../alerts/subscriptions/views.ts';
import { DomainError, NotFoundError, RateLimitedError, ValidationError } from '../../shared/errors.ts';
import type { HttpContext } from '../context.ts';
import { SignupRateLimited, signupAllowed } from './signup-limit.ts';
import { messagePage, subscribeForm, unsubscribeForm } from './subscribe-page.ts';

const str = (o: unknown, key: string, max = 300): string | undefined => {
  if (typeof o !== 'object' || o === null) return undefined;
  const v: unknown = Reflect.get(o, key);
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, max) : undefined;
};

/** `?lang=`, else the first of our languages in Accept-Language, else English. */
function languageOf(req: FastifyRequest, form?: unknown): string {
  const asked = str(form, 'language') ?? str(req.query, 'lang');
  if (isAlertLanguage(asked)) return asked;
  for (const part of (req.headers['accept-language'] ?? '').split(',').slice(0, 20)) {
    const primary = part.trim().split(/[-;]/)[0]?.toLowerCase();
    const lang = primary === 'in' ? 'id' : primary;
    if (isAlertLanguage(lang)) return lang;
  }
  return 'en';
}

/** "provider:meta" → { provider: 'meta' }; "all" → {}. */
function scopeFields(scope: string | undefined): Record<string, string> {
  const [kind, value] = (scope ?? 'all').split(':');
  return (kind === 'service' || kind === 'provider' || kind === 'category') && value ? { [kind]: value } : {};
}

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/**
 * The subscription pages: a form (double opt-in by email), the confirmation link and the one-click
 * unsubscribe (RFC 8058: the List-Unsubscribe URL answers a POST; a GET only asks).
 */
export function registerSubscribePages(app: FastifyInstance, ctx: HttpContext): void {
  const a = ctx.alerts;
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    scope.get('/subscribe', async (req, reply) => {
      const tx = texts(languageOf(req), ctx.catalog);
      const pre = ['service', 'provider', 'category']
        .map((k) => (str(req.query, k, 64) ? `${k}:${str(req.query, k, 64)}` : undefined))
        .find(Boolean);
      return html(
        reply,
        200,
        subscribeForm(tx, ctx.catalog, { enabled: Boolean(a.channels.mailer), scope: pre }),
      );
    });

    scope.post('/subscribe', async (req, reply) => {
      const tx = texts(languageOf(req, req.body), ctx.catalog);
      const email = str(req.body, 'email') ?? '';
      const scopeValue = str(req.body, 'scope', 100);
      const again = (status: number, error: string) =>
        html(
          reply,
          status,
          subscribeForm(tx, ctx.catalog, {
            enabled: Boolean(a.channels.mailer),
            scope: scopeValue,
            email,
            error,
          }),
        );
      if (!a.channels.mailer) return again(422, tx.t('error.emailDisabled'));
      try {
        if (!signupAllowed(ctx, req.ip)) throw new SignupRateLimited();
        await subscribeEmail(a, {
          email,
          ...scopeFields(scopeValue),
          minSeverity: str(req.body, 'minSeverity', 20) ?? 'minor',
          language: tx.lang,
        });
        return html(reply, 200, messagePage(tx, tx.t('sent.title'), tx.t('sent.body', { email })));
      } catch (e) {
        if (e instanceof RateLimitedError) return again(429, tx.t('error.rateLimited'));
        if (e instanceof ValidationError || e instanceof NotFoundError)
          return again(
            422,
            tx.t('error.invalid', {
              detail: e instanceof ValidationError ? (e.issues[0]?.message ?? e.message) : e.message,
            }),
          );
        if (e instanceof DomainError) return again(503, tx.t('error.sendFailed'));
        throw e;
      }
    });

    scope.get('/subscribe/confirm', async (req, reply) => {
      const token = str(req.query, 'token', 200) ?? '';
      try {
        const s = await confirmSubscription(a, token);
        const tx = texts(s.language, ctx.catalog);
        return html(
          reply,
          200,
          messagePage(tx, tx.t('confirmed.title'), tx.t('confirmed.body', { scope: tx.scope(s.scope) })),
        );
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        const tx = texts(languageOf(req), ctx.catalog);
        return html(reply, 404, messagePage(tx, tx.t('page.title'), tx.t('error.invalidLink'), true));
      }
    });

    scope.get('/subscribe/unsubscribe', async (req, reply) => {
      const token = str(req.query, 'token', 200) ?? '';
      try {
        const s = await subscriptionForToken(a, token);
        const tx = texts(s.language, ctx.catalog);
        if (s.state === 'unsubscribed')
          return html(reply, 200, messagePage(tx, tx.t('unsubscribe.title'), tx.t('unsubscribe.done')));
        const target = subscriptionView(s, a.channels).channel.description;
        return html(reply, 200, unsubscribeForm(tx, token, tx.scope(s.scope), target));
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        const tx = texts(languageOf(req), ctx.catalog);
        return html(reply, 404, messagePage(tx, tx.t('unsubscribe.title'), tx.t('error.invalidLink'), true));
      }
    });

    // RFC 8058 one-click: mail providers POST "List-Unsubscribe=One-Click" here; our form posts too.
    scope.post('/subscribe/unsubscribe', async (req, reply) => {
      const token = str(req.query, 'token', 200) ?? '';
      try {
        const view = await unsubscribe(a, { token });
        const tx = texts(view.language, ctx.catalog);
        return html(reply, 200, messagePage(tx, tx.t('unsubscribe.title'), tx.t('unsubscribe.done')));
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        const tx = texts(languageOf(req), ctx.catalog);
        return html(reply, 404, messagePage(tx, tx.t('unsubscribe.title'), tx.t('error.invalidLink'), true));
      }
    });
  });
}
