import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { DomainError } from './errors.ts';

/**
 * Keeps user-configured targets (probe URLs, webhook URLs, status pages) away from the operator's
 * own network: loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges are
 * refused unless the operator allows private targets. The check happens at connection time on the
 * resolved address (so DNS rebinding cannot swap in a private address after a check) and for IP
 * literals, which never go through DNS. The outbound client (shared/outbound/) applies it to every
 * connection, so every redirect hop is checked too.
 *
 * The special ranges come from ipaddr.js (the table Node's proxy-addr relies on) rather than a list
 * of our own. An IPv6 address counts as public only when it is global unicast (2000::/3) and ipaddr.js
 * files it under no special range: that also refuses the ranges that embed an IPv4 address (6to4,
 * NAT64/SIIT, Teredo, IPv4-compatible ::a.b.c.d) and the old site-local fec0::/10, through which a
 * relay or a translator could reach a private IPv4 network. IPv4-mapped addresses are judged as IPv4.
 */
export type AddressPolicy = {
  allowPrivate: boolean;
  /** Addresses allowed even when private ones are not (one known internal host; tests). */
  allow?: readonly string[];
};

export class BlockedAddressError extends DomainError {
  constructor(host: string, address: string) {
    super(
      'blocked-address',
      `${host} resolves to ${address}, a private or reserved address; targets must be public (an operator can allow private targets).`,
    );
  }
}

const GLOBAL_UNICAST = ipaddr.IPv6.parse('2000::');

/** True for a public unicast address. IPv4-mapped IPv6 addresses are judged as IPv4. */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip) || isIP(ip) === 0) return false;
  // process() turns an IPv4-mapped IPv6 address into its IPv4 address.
  const a = ipaddr.process(ip);
  if (a.kind() === 'ipv4') return a.range() === 'unicast';
  return a.range() === 'unicast' && a.match(GLOBAL_UNICAST, 3);
}

function allowed(address: string, policy: AddressPolicy): boolean {
  if (policy.allowPrivate || isPublicAddress(address)) return true;
  if (!policy.allow?.length) return false;
  const plain = ipaddr.process(address).toString();
  return policy.allow.some((a) => ipaddr.isValid(a) && ipaddr.process(a).toString() === plain);
}

/** Throws BlockedAddressError when the policy forbids connecting to this address. */
export function checkAddress(host: string, address: string, policy: AddressPolicy): void {
  if (!allowed(address, policy)) throw new BlockedAddressError(host, address);
}

/** Checks a URL's host when it is an IP literal (DNS names are checked by `guardedLookup` at connect). */
export function checkUrlHost(url: URL, policy: AddressPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) checkAddress(host, host, policy);
  else if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost')))
    throw new BlockedAddressError(host, '127.0.0.1');
}

/**
 * A `lookup` for http(s).request / net.connect / undici's connect options: resolves as usual, then
 * refuses if any returned address is not allowed, so the socket connects only to checked addresses.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as { address: string; family: number }[];
      try {
        for (const a of list) checkAddress(hostname, a.address, policy);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}
