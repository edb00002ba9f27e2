import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import type { Channel, SendResult } from '../channel.ts';
import { alertEmail, type MailContent } from './email-body.ts';

export const EmailTarget = z.strictObject({
  kind: z.literal('email'),
  address: z.email().max(254).describe('Where alerts are mailed (confirmed by email first)'),
});
export type EmailTarget = z.infer<typeof EmailTarget>;

/** "j•••@example.com": enough to recognise an address, not to harvest it. */
export const maskAddress = (a: string): string => {
  const [user = '', domain = ''] = a.split('@');
  return `${user.slice(0, 1)}•••@${domain}`;
};

/** Sends one email; extra headers (List-Unsubscribe) ride along. */
export type Mailer = {
  send(to: string, content: MailContent, headers?: Record<string, string>): Promise<SendResult>;
  close(): void;
};

/** SMTP answers: 5xx will not change, 4xx and connection trouble may. */
function classify(e: unknown): SendResult {
  const err = e as { responseCode?: unknown; code?: unknown; message?: unknown };
  const code = typeof err.responseCode === 'number' ? err.responseCode : null;
  const reason = `${typeof err.code === 'string' ? `${err.code}: ` : ''}${String(err.message ?? e).slice(0, 300)}`;
  const permanent = code !== null ? code >= 500 : err.code === 'EENVELOPE';
  return { ok: false, retryable: !permanent, status: code, reason };
}

/**
 * An SMTP mailer from the operator's URL (smtp[s]://user:pass@host:port) and sender. nodemailer is
 * loaded on the first message, so a server without email configured never pays for it in memory.
 */
export function smtpMailer(smtpUrl: string, from: string, timeoutMs = 15_000): Mailer {
  let transport: Transporter | undefined;
  const open = async (): Promise<Transporter> => {
    const { createTransport } = await import('nodemailer');
    transport ??= createTransport({
      url: smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    return transport;
  };
  return {
    async send(to, content, headers = {}) {
      try {
        const info = await (await open()).sendMail({
          from,
          to,
          subject: content.subject,
          text: content.text,
          html: content.html,
          headers: { 'Content-Language': content.lang, ...headers },
        });
        const accepted = Array.isArray(info.accepted) ? info.accepted.length : 0;
        return accepted > 0
          ? { ok: true, status: 250 }
          : { ok: false, retryable: true, status: null, reason: 'the SMTP server accepted no recipient' };
      } catch (e) {
        return classify(e);
      }
    },
    close: () => transport?.close(),
  };
}

/**
 * Email over SMTP: HTML and text parts in the subscriber's language, with RFC 8058 one-click
 * unsubscribe headers. The SMTP server is the operator's, so the address guard does not apply.
 */
export function emailChannel(mailer: Mailer): Channel<EmailTarget> {
  return {
    kind: 'email',
    target: EmailTarget,
    check: () => undefined,
    describe: (t) => `email ${maskAddress(t.address)}`,
    send: (t, message) =>
      mailer.send(t.address, alertEmail(message), {
        'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-Downwatch-Delivery': message.id,
      }),
  };
}
