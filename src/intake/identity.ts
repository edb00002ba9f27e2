import { hash as digest, randomBytes } from 'node:crypto';
import { ipv4ToNumber, unmapIPv4 } from '../shared/ipv4.ts';
import { utcDay } from '../shared/time.ts';
import type { Store } from '../store/store.ts';

/** The /24 of an IPv4 address or the /48 of an IPv6 one: a coarse "network" for abuse weighting. */
export function networkOf(ip: string): string {
  const v4 = unmapIPv4(ip);
  if (ipv4ToNumber(v4) >= 0) return v4.slice(0, v4.lastIndexOf('.'));
  const [head = ''] = ip.split('::');
  return head.split(':').slice(0, 3).join(':');
}

/**
 * A keyed hash: SHA-256 over the day's secret key and the text, in one call (a tenth of the cost of
 * an HMAC object per request). It only pseudonymises: without the key, which is deleted after a
 * day, a hash cannot be linked to an address.
 */
const hash = (key: string, text: string): string =>
  digest('sha256', `${key}\n${text}`, 'base64url').slice(0, 22);

export type Identity = { identity: string; network: string };

/**
 * Keyed hashes of the IP and of its network, with a random key per UTC day that all nodes share
 * through the store. Yesterday's key is deleted by retention, so old hashes cannot be linked to
 * anyone. The raw IP never leaves this function. The user agent is not part of the identity: it
 * costs nothing to change, so a report from a new user agent on the same address is the same
 * person (ADR 15), as one address behind a carrier's NAT counts as one reporter per window.
 */
export class Identities {
  readonly #store: Store;
  readonly #keys = new Map<string, Promise<string>>();
  /** The keys of #keys that have arrived, for answering without a promise. */
  readonly #loaded = new Map<string, string>();
  constructor(store: Store) {
    this.#store = store;
  }

  #key(day: string): Promise<string> {
    const k = this.#keys.get(day);
    if (k) return k;
    const asked = this.#store.identityKey(day, randomBytes(32).toString('base64url'));
    asked.then(
      (key) => {
        if (this.#keys.get(day) === asked) this.#loaded.set(day, key);
      },
      () => this.#keys.delete(day),
    );
    if (this.#keys.size > 3) {
      this.#keys.clear();
      this.#loaded.clear();
    }
    this.#keys.set(day, asked);
    return asked;
  }

  /** The identity at once if the day's key is loaded (every report after the day's first), else undefined. */
  known(ip: string, at: number): Identity | undefined {
    const key = this.#loaded.get(utcDay(at));
    return key === undefined ? undefined : identityOf(key, ip);
  }

  async of(ip: string, at: number): Promise<Identity> {
    return this.known(ip, at) ?? identityOf(await this.#key(utcDay(at)), ip);
  }

  /** For imports: an opaque reporter id hashed the same way (no network known). */
  async ofReporter(reporter: string, at: number): Promise<Identity> {
    const key = await this.#key(utcDay(at));
    return { identity: hash(key, `reporter:${reporter}`), network: hash(key, `reporter-net:${reporter}`) };
  }
}

const identityOf = (key: string, ip: string): Identity => ({
  identity: hash(key, `ip:${ip}`),
  network: hash(key, `net:${networkOf(ip)}`),
});
