import { isIP } from 'node:net';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { checkAddress, guardedLookup } from '../../shared/address-guard.ts';
import type { TlsCheck } from '../check.ts';
import { type Attempt, type Checker, classifyError, failed, since } from '../checker.ts';
import type { Layer, Timings } from '../result.ts';

const DAY = 86_400_000;
const first = (v: string | string[] | undefined): string | null =>
  Array.isArray(v) ? (v[0] ?? null) : (v ?? null);

/** Subjects from the leaf up, as far as the peer sent them (self-signed roots point to themselves). */
function chainOf(cert: PeerCertificate & { issuerCertificate?: PeerCertificate }): string[] {
  const out: string[] = [];
  let cur: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = cert;
  const seen = new Set<string>();
  while (cur?.fingerprint256 && !seen.has(cur.fingerprint256) && out.length < 10) {
    seen.add(cur.fingerprint256);
    out.push(first(cur.subject?.CN) ?? first(cur.subject?.O) ?? '?');
    cur = cur.issuerCertificate;
  }
  return out;
}

/**
 * TLS: the handshake (timed), then the certificate: chain verified against the trusted CAs, name
 * matched, days until expiry. The handshake accepts any certificate so that a bad one is reported
 * with its reason rather than as a bare failure. Default rule: valid chain, matching name, at
 * least `minDaysLeft` days left.
 */
export const tlsChecker: Checker<TlsCheck> = {
  kind: 'tls',
  async run(check, ctx): Promise<Attempt> {
    const t0 = performance.now();
    const host = check.host.replace(/^\[|\]$/g, '');
    const servername = check.servername ?? (isIP(host) ? undefined : host);
    try {
      if (isIP(host)) checkAddress(host, host, ctx.policy);
    } catch (e) {
      return failed('policy', 'BLOCKED', (e as Error).message, { total: since(t0) });
    }
    const t: Timings = { total: 0 };
    let phase: Layer = isIP(host) ? 'connect' : 'dns';
    return new Promise<Attempt>((resolve) => {
      const socket = connect({
        host,
        port: check.port,
        ...(servername ? { servername } : {}),
        lookup: guardedLookup(ctx.policy),
        rejectUnauthorized: false,
        ...(check.ca ? { ca: check.ca } : {}),
      });
      const onAbort = () => socket.destroy(new Error('aborted'));
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const finish = (a: Attempt) => {
        ctx.signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(a);
      };
      socket.once('lookup', () => {
        t.dns = since(t0);
        phase = 'connect';
      });
      socket.once('connect', () => {
        t.connect = since(t0);
        phase = 'tls';
      });
      socket.once('secureConnect', () => {
        t.tls = since(t0);
        t.total = t.tls;
        const cert = socket.getPeerCertificate(true);
        const daysLeft = cert?.valid_to ? Math.floor((Date.parse(cert.valid_to) - Date.now()) / DAY) : -1;
        const nameError = servername ? checkServerIdentity(servername, cert) : undefined;
        const chainError = socket.authorized ? null : String(socket.authorizationError ?? 'UNTRUSTED');
        const code = nameError
          ? 'CERT_NAME_MISMATCH'
          : chainError
            ? chainError
            : daysLeft < check.minDaysLeft
              ? daysLeft < 0
                ? 'CERT_HAS_EXPIRED'
                : 'CERT_EXPIRES_SOON'
              : null;
        const chain = chainOf(cert);
        finish({
          completed: true,
          ok: code === null,
          layer: code === null ? null : 'tls',
          code,
          message:
            code === null
              ? null
              : `${check.host}:${check.port}: ${nameError?.message ?? (code === 'CERT_EXPIRES_SOON' ? `certificate expires in ${daysLeft} days` : code)}`,
          timings: t,
          facts: {
            CONNECTED: true,
            RESPONSE_TIME: Math.round(t.total),
            CERT_EXPIRY_DAYS: daysLeft,
            CERT_VALID: chainError === null && !nameError,
            CERT_SUBJECT: first(cert?.subject?.CN),
            CERT_ISSUER: first(cert?.issuer?.CN) ?? first(cert?.issuer?.O),
            CHAIN: chain.join(' < '),
            CHAIN_LENGTH: chain.length,
            TLS_VERSION: socket.getProtocol() ?? null,
          },
        });
      });
      socket.once('error', (e) => {
        t.total = since(t0);
        const c = classifyError(e, phase, ctx.signal.aborted);
        finish(failed(c.layer, c.code, `${check.host}:${check.port}: ${c.message}`, t));
      });
    });
  },
};
