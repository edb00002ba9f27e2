import { connect, isIP } from 'node:net';
import { checkAddress, guardedLookup } from '../../shared/address-guard.ts';
import type { TcpCheck } from '../check.ts';
import { type Attempt, type Checker, classifyError, failed, since } from '../checker.ts';
import type { Layer, Timings } from '../result.ts';

/** TCP: resolves (guarded), connects, closes. Default rule: the connection was accepted. */
export const tcpChecker: Checker<TcpCheck> = {
  kind: 'tcp',
  async run(check, ctx): Promise<Attempt> {
    const t0 = performance.now();
    const host = check.host.replace(/^\[|\]$/g, '');
    const t: Timings = { total: 0 };
    try {
      if (isIP(host)) checkAddress(host, host, ctx.policy);
    } catch (e) {
      return failed('policy', 'BLOCKED', (e as Error).message, { total: since(t0) });
    }
    let phase: Layer = isIP(host) ? 'connect' : 'dns';
    return new Promise<Attempt>((resolve) => {
      const socket = connect({ host, port: check.port, lookup: guardedLookup(ctx.policy) });
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
        t.total = t.connect;
        finish({
          completed: true,
          ok: true,
          layer: null,
          code: null,
          message: null,
          timings: t,
          facts: {
            CONNECTED: true,
            RESPONSE_TIME: Math.round(t.total),
            ...(socket.remoteAddress ? { IP: socket.remoteAddress } : {}),
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
