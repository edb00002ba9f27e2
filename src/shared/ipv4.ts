/**
 * The 32-bit value of a dotted-quad IPv4 address ("203.0.113.7"), or -1 when the text is not one.
 * Accepts exactly what node:net's isIPv4 accepts (four decimal parts 0–255, no leading zeros), in
 * one pass without allocating: it runs for every report (GeoIP and the reporter's network).
 */
export function ipv4ToNumber(ip: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one ("::ffff:203.0.113.7"); anything else unchanged. */
export function unmapIPv4(ip: string): string {
  if (ip.length < 14 || ip.charCodeAt(0) !== 58 || ip.slice(0, 7).toLowerCase() !== '::ffff:') return ip;
  const inner = ip.slice(7);
  return ipv4ToNumber(inner) >= 0 ? inner : ip;
}
