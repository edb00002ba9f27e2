import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { type AddressPolicy, checkAddress, guardedLookup } from '../address-guard.ts';

/**
 * An undici Agent whose every connection passes the address guard: IP literals before connecting,
 * names through the guarded lookup (every address DNS returns must be allowed), and the socket's
 * actual remote address once connected. Because redirects open their connections through the same
 * agent, every hop is checked where it connects, not only where the first URL pointed.
 */
export function guardedAgent(policy: AddressPolicy, o: { connectTimeoutMs: number }): Agent {
  const connect = buildConnector({ lookup: guardedLookup(policy), timeout: o.connectTimeoutMs });
  return new Agent({
    connect(opts, callback) {
      const host = opts.hostname.replace(/^\[|\]$/g, '');
      try {
        if (isIP(host)) checkAddress(host, host, policy);
      } catch (e) {
        return callback(e instanceof Error ? e : new Error(String(e)), null);
      }
      connect(opts, (err, socket) => {
        if (err) return callback(err, null);
        try {
          if (socket.remoteAddress) checkAddress(host, socket.remoteAddress, policy);
        } catch (e) {
          socket.destroy();
          return callback(e instanceof Error ? e : new Error(String(e)), null);
        }
        callback(null, socket);
      });
    },
    // Idle connections are few and short-lived: these are polls and alerts, not a hot path.
    keepAliveTimeout: 4_000,
    connections: 8,
  });
}
