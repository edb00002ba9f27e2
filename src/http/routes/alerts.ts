import { z } from 'zod';
import { createSubscription, subscribeEmail } from '../../alerts/subscriptions/create-subscription.ts';
import { rotateSigningSecret, unsubscribe } from '../../alerts/subscriptions/manage-subscription.ts';
import {
  getDelivery,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  retryDelivery,
} from '../../alerts/subscriptions/queries.ts';
import { sendTestAlert, TestAlertResult } from '../../alerts/subscriptions/send-test-alert.ts';
import {
  CreatedSubscription,
  DeliveryDetail,
  DeliveryView,
  EmailSubscriptionInput,
  SubscriptionInput,
  SubscriptionView,
} from '../../alerts/subscriptions/subscription-schema.ts';
import type { HttpContext } from '../context.ts';
import { defineRoute, type Route } from '../route.ts';
import { SignupRateLimited, signupAllowed } from './signup-limit.ts';

const Id = z.strictObject({ id: z.coerce.number().int().positive() });
const Paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional().describe('Only ids smaller than this (paging)'),
};
const ADMIN = { 401: { description: 'Missing or wrong admin token' } };

/** Alert subscriptions, the delivery log and dead letters (admin), and the public email sign-up. */
export function alertRoutes(ctx: HttpContext): Route[] {
  const a = ctx.alerts;
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions',
      operationId: 'createSubscription',
      summary:
        'Subscribe a channel (webhook, Slack, Discord, Telegram, email) to a service, provider or category',
      tag: 'alerts',
      admin: true,
      body: {
        schema: SubscriptionInput,
        contentType: 'application/json',
        example: {
          channel: { kind: 'webhook', url: 'https://hooks.example.com/downwatch' },
          provider: 'meta',
        },
      },
      responses: {
        201: {
          description: 'Created; a webhook’s signing secret is in the answer, once. Email starts pending.',
          schema: CreatedSubscription,
        },
        404: { description: 'No such service, provider or category' },
        422: { description: 'A bad field, a private target, or email disabled' },
        ...ADMIN,
      },
      handler: async ({ req, reply }) => {
        const created = await createSubscription(a, req.body);
        reply.code(201).header('cache-control', 'no-store');
        return {
          ...created.subscription,
          ...(created.signingSecret ? { signingSecret: created.signingSecret } : {}),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/subscriptions',
      operationId: 'listSubscriptions',
      summary: 'Subscriptions, newest first (no secrets)',
      tag: 'alerts',
      admin: true,
      query: z.strictObject({ state: z.enum(['pending', 'active', 'unsubscribed']).optional(), ...Paging }),
      responses: {
        200: { description: 'Subscriptions', schema: z.object({ subscriptions: z.array(SubscriptionView) }) },
        ...ADMIN,
      },
      handler: async ({ query }) => ({ subscriptions: await listSubscriptions(a, query) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/subscriptions/:id',
      operationId: 'getSubscription',
      summary: 'One subscription (no secrets)',
      tag: 'alerts',
      admin: true,
      params: Id,
      responses: {
        200: { description: 'The subscription', schema: SubscriptionView },
        404: { description: 'None' },
        ...ADMIN,
      },
      handler: async ({ params }) => getSubscription(a, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions/:id/unsubscribe',
      operationId: 'endSubscription',
      summary: 'End a subscription; deliveries not yet sent are cancelled',
      tag: 'alerts',
      admin: true,
      params: Id,
      responses: {
        200: { description: 'Ended', schema: SubscriptionView },
        404: { description: 'None' },
        ...ADMIN,
      },
      handler: async ({ params }) => unsubscribe(a, { id: params.id }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions/:id/rotate-secret',
      operationId: 'rotateSubscriptionSecret',
      summary: 'Replace a webhook’s signing secret (shown once)',
      tag: 'alerts',
      admin: true,
      params: Id,
      responses: {
        200: { description: 'The new secret', schema: z.object({ signingSecret: z.string() }) },
        404: { description: 'None' },
        422: { description: 'Not a webhook, or ended' },
        ...ADMIN,
      },
      handler: async ({ params, reply }) => {
        reply.header('cache-control', 'no-store');
        return { signingSecret: await rotateSigningSecret(a, params.id) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/deliveries',
      operationId: 'listDeliveries',
      summary: 'The delivery log, newest first; state=dead lists the dead letters',
      tag: 'alerts',
      admin: true,
      query: z.strictObject({
        subscription: z.coerce.number().int().positive().optional(),
        incident: z.coerce.number().int().positive().optional(),
        state: z.enum(['pending', 'sending', 'sent', 'dead', 'cancelled']).optional(),
        ...Paging,
      }),
      responses: {
        200: { description: 'Deliveries', schema: z.object({ deliveries: z.array(DeliveryView) }) },
        ...ADMIN,
      },
      handler: async ({ query }) => ({ deliveries: await listDeliveries(a, query) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/deliveries/:id',
      operationId: 'getDelivery',
      summary: 'One delivery with every attempt (time, status, error, duration)',
      tag: 'alerts',
      admin: true,
      params: Id,
      responses: {
        200: { description: 'The delivery', schema: DeliveryDetail },
        404: { description: 'None' },
        ...ADMIN,
      },
      handler: async ({ params }) => getDelivery(a, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions/:id/test',
      operationId: 'sendTestAlert',
      summary:
        'Send a test alert through the subscription’s channel now, and show what the receiver answered',
      tag: 'alerts',
      admin: true,
      params: Id,
      responses: {
        200: { description: 'Sent, or the receiver’s refusal', schema: TestAlertResult },
        404: { description: 'None' },
        422: { description: 'The subscription ended, or its channel is disabled on this server' },
        ...ADMIN,
      },
      handler: async ({ params }) => sendTestAlert(a, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/deliveries/:id/retry',
      operationId: 'retryDelivery',
      summary: 'Put a dead letter back in the queue',
      tag: 'alerts',
      admin: true,
      params: Id,
      responses: {
        200: { description: 'Queued again', schema: DeliveryDetail },
        404: { description: 'None' },
        422: { description: 'Not dead or cancelled, or its subscription ended' },
        ...ADMIN,
      },
      handler: async ({ params }) => retryDelivery(a, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/email-subscriptions',
      operationId: 'requestEmailAlerts',
      summary: 'Ask for email alerts: a confirmation link is mailed (double opt-in)',
      tag: 'alerts',
      body: {
        schema: EmailSubscriptionInput,
        contentType: 'application/json',
        example: { email: 'you@example.com', provider: 'meta', language: 'id' },
      },
      responses: {
        202: {
          description: 'Pending until the emailed link is followed',
          schema: z.object({ state: z.literal('pending'), detail: z.string() }),
        },
        404: { description: 'No such service, provider or category' },
        422: { description: 'A bad field, or email alerts disabled on this server' },
        429: { description: 'Too many sign-ups from this address' },
        503: { description: 'The confirmation email could not be sent' },
      },
      handler: async ({ req, reply }) => {
        const email =
          typeof req.body === 'object' && req.body !== null ? Reflect.get(req.body, 'email') : undefined;
        if (!signupAllowed(ctx, req.ip, typeof email === 'string' ? email : undefined))
          throw new SignupRateLimited();
        await subscribeEmail(a, req.body);
        reply.code(202).header('cache-control', 'no-store');
        return {
          state: 'pending' as const,
          detail: 'Check your inbox: alerts start once you follow the link.',
        };
      },
    }),
  ];
}
