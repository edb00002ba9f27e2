import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DomainError } from './errors.ts';
import { unmapIPv4 } from './ipv4.ts';

/**
 * Keeps user-configured targets (probe URLs, webhook URLs) away from the operator's own network:
 * loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges are refused
 * unless the operator allows private targets. The check happens at connection time on the
 * resolved address (so DNS rebinding cannot swap in a private address after a check) and for IP
 * literals, which never go through DNS. Callers follow redirects themselves and check each hop.
 */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

export type AddressPolicy = { allowPrivate: boolean };

export class BlockedAddressError extends DomainError {
  constructor(host: string, address: string) {
    super(
      'blocked-address',
      `${host} resolves to ${address}, a private or reserved address; targets must be public (an operator can allow private targets).`,
    );
  }
}

/** True for a public unicast address. IPv4-mapped IPv6 addresses are judged as IPv4. */
export function isPublicAddress(ip: string): boolean {
  const v4 = unmapIPv4(ip);
  if (v4 !== ip) return isPublicAddress(v4);
  const family = isIP(ip);
  if (family === 0) return false;
  return !blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** Throws BlockedAddressError when the policy forbids connecting to this address. */
export function checkAddress(host: string, address: string, policy: AddressPolicy): void {
  if (!policy.allowPrivate && !isPublicAddress(address)) throw new BlockedAddressError(host, address);
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
