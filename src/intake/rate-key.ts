import { unmapIPv4 } from '../shared/ipv4.ts';

/**
 * The key a client is rate-limited by: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, so limiting single IPv6 addresses limits nothing). IPv4-
 * mapped addresses count as IPv4. IPv4 — most reports — takes no allocation; IPv6 a few splits.
 */
export function rateKey(ip: string | undefined): string {
  // Fastify has no address for a request whose socket already closed: those share one bucket.
  if (ip === undefined) return '';
  if (ip.indexOf(':') < 0) return ip;
  const v4 = unmapIPv4(ip);
  if (v4 !== ip) return v4;
  const gap = ip.indexOf('::');
  const head = (gap < 0 ? ip : ip.slice(0, gap)).split(':').filter(Boolean);
  const prefix: string[] = head.slice(0, 4);
  if (prefix.length < 4) {
    // The "::" stands for the zero groups between head and tail; the /64 may reach into the tail.
    const tail =
      gap < 0
        ? []
        : ip
            .slice(gap + 2)
            .split(':')
            .filter(Boolean);
    const groups = tail.length > 0 && tail[tail.length - 1]!.includes('.') ? tail.length + 1 : tail.length;
    const zeros = 8 - head.length - groups;
    for (let i = 0; i < zeros && prefix.length < 4; i++) prefix.push('0');
    for (const t of tail) if (prefix.length < 4) prefix.push(t);
  }
  let key = '';
  for (const g of prefix) key += `${Number.parseInt(g, 16).toString(16)}:`;
  return `${key}:/64`;
}
