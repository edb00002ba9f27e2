/** An IP prefix ("129.134.30.0/23", "2a03:2880::/32") as bits, for containment tests. */
export type Cidr = { v: 4 | 6; bits: bigint; len: number; text: string };

function ipv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function ipv6(s: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(s) || s.split('::').length > 2) return null;
  let tail = s;
  let v4: bigint | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    v4 = ipv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = `${s.slice(0, lastColon)}:0:0`;
  }
  const [head = '', rest] = tail.split('::');
  const a = head ? head.split(':') : [];
  const b = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - a.length - b.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...a, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...b];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    n = (n << 16n) | BigInt(Number.parseInt(g, 16));
  }
  if (v4 !== null) n = (n & ~0xffffffffn) | v4;
  return n;
}

/** Parses "addr/len"; null when it is not a prefix. Host bits are cleared. */
export function parseCidr(text: string): Cidr | null {
  const [addr, lenText, extra] = text.trim().split('/');
  if (!addr || lenText === undefined || extra !== undefined || !/^\d{1,3}$/.test(lenText)) return null;
  const v: 4 | 6 = addr.includes(':') ? 6 : 4;
  const len = Number(lenText);
  const width = v === 4 ? 32 : 128;
  if (len > width) return null;
  const n = v === 4 ? ipv4(addr) : ipv6(addr);
  if (n === null) return null;
  const host = (1n << BigInt(width - len)) - 1n;
  return { v, bits: n & ~host, len, text: text.trim() };
}

/** True when `inner` lies within `outer` (equal counts). */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.v !== inner.v || inner.len < outer.len) return false;
  const width = outer.v === 4 ? 32 : 128;
  const shift = BigInt(width - outer.len);
  return inner.bits >> shift === outer.bits >> shift;
}
