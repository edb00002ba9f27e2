import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An error the test SMTP server answers RCPT TO with. */
type SmtpAnswer = Error & { responseCode: number };

/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package) for tests: records each message's
 * envelope and raw source; `failures` makes the next recipients fail with a code (451, 550…).
 */
export async function smtpReceiver() {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = failures.shift();
      if (code === undefined) return callback();
      const e = new Error(code >= 500 ? 'mailbox unavailable' : 'try again later') as SmtpAnswer;
      e.responseCode = code;
      callback(e);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    failures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
