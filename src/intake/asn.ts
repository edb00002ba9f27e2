import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';
import { ipv4ToNumber, unmapIPv4 } from '../shared/ipv4.ts';
import { v6Top64 } from './geoip.ts';

/** The autonomous system an address belongs to, and whether it is a hosting or datacenter network. */
export type AsnInfo = { asn: number; hosting: boolean };

/**
 * Operators whose networks are mostly servers, not people: clouds, hosting and colocation. Matched
 * against the registered organisation name once, at load; a flood from rented machines weighs less
 * (ADR 15). Cloudflare is not listed: its WARP app puts ordinary people behind its addresses.
 */
const HOSTING =
  /hosting|hoster|datacent(er|re)|data cent(er|re)|colocation|\bcolo\b|\bvps\b|dedicated|\bhost\b|\bservers?\b|cloud|amazon|\baws\b|google llc|microsoft corporation|oracle corporation|digitalocean|linode|akamai connected|vultr|choopa|constant company|\bovh|hetzner|contabo|leaseweb|m247|alibaba|tencent|scaleway|online s\.a\.s|ionos|godaddy|hostinger|rackspace|zenlayer|g-core|gcore|datacamp|psychz|quadranet|colocrossing|frantech|buyvm|equinix/i;

/** Whether an organisation name is a hosting or datacenter operator's. */
export const isHostingName = (name: string): boolean => HOSTING.test(name) && !/cloudflare/i.test(name);

type Ranges<A extends Uint32Array | BigUint64Array> = { starts: A; ends: A; asn: Uint32Array };
/** High bit of the stored ASN: the network is a hosting one (ASNs are below 2^31 in practice). */
const HOSTING_BIT = 0x8000_0000;

/**
 * Offline IP → ASN from @ip-location-db/asn (CC BY 4.0: RouteViews, DB-IP, NRO; updated daily by
 * sapics/ip-location-db). Like GeoIp: ranges in typed arrays, bisection per lookup, IPv6 on its top
 * 64 bits; the organisation names are read once to mark hosting networks and are not kept.
 */
export class AsnDb {
  readonly #v4: Ranges<Uint32Array>;
  readonly #v6: Ranges<BigUint64Array>;

  private constructor(v4: Buffer, v6: Buffer) {
    // IPv4 ranges come as decimal numbers: read from the bytes, no string per field (load time).
    this.#v4 = parse(v4, (n) => new Uint32Array(n), digits);
    this.#v6 = parse(
      v6,
      (n) => new BigUint64Array(n),
      (csv, from, to) => v6Top64(csv.toString('latin1', from, to)),
    );
  }

  /** Reads the package's CSV files (about 0.5 s; ~7 MB of typed arrays). */
  static load(): AsnDb {
    const require = createRequire(import.meta.url);
    const dir = require.resolve('@ip-location-db/asn/package.json').replace(/package\.json$/, '');
    return new AsnDb(readFileSync(`${dir}asn-ipv4-num.csv`), readFileSync(`${dir}asn-ipv6.csv`));
  }

  /** From CSV text in the package's format ("start,end,asn,name" per line), for tests. */
  static fromCsv(v4: string, v6 = ''): AsnDb {
    return new AsnDb(Buffer.from(v4, 'latin1'), Buffer.from(v6, 'latin1'));
  }

  /** The address's ASN and whether it is a hosting network, or undefined (private, unknown). */
  lookup(ip: string): AsnInfo | undefined {
    const v4 = ipv4ToNumber(unmapIPv4(ip));
    const raw = v4 >= 0 ? find(this.#v4, v4) : isIPv6(ip) ? find(this.#v6, v6Top64(ip)) : undefined;
    return raw === undefined
      ? undefined
      : { asn: raw & ~HOSTING_BIT & 0xffff_ffff, hosting: (raw & HOSTING_BIT) !== 0 };
  }
}

function parse<A extends Uint32Array | BigUint64Array>(
  csv: Buffer,
  alloc: (n: number) => A,
  num: (csv: Buffer, from: number, to: number) => A[number],
): Ranges<A> {
  const NL = 10;
  const COMMA = 44;
  let n = 0;
  for (let i = csv.indexOf(NL); i !== -1; i = csv.indexOf(NL, i + 1)) n++;
  const r: Ranges<A> = { starts: alloc(n + 1), ends: alloc(n + 1), asn: new Uint32Array(n + 1) };
  const hosting = new Map<number, boolean>();
  let row = 0;
  for (let pos = 0; pos < csv.length; ) {
    let eol = csv.indexOf(NL, pos);
    if (eol === -1) eol = csv.length;
    const c1 = csv.indexOf(COMMA, pos);
    const c2 = c1 === -1 ? -1 : csv.indexOf(COMMA, c1 + 1);
    const c3 = c2 === -1 ? -1 : csv.indexOf(COMMA, c2 + 1);
    if (c1 > pos && c2 > c1 && c3 > c2 && c3 < eol) {
      const asn = digits(csv, c2 + 1, c3);
      let h = hosting.get(asn);
      if (h === undefined) {
        h = isHostingName(csv.toString('latin1', c3 + 1, eol));
        hosting.set(asn, h);
      }
      if (Number.isInteger(asn) && asn > 0 && asn < HOSTING_BIT) {
        r.starts[row] = num(csv, pos, c1);
        r.ends[row] = num(csv, c1 + 1, c2);
        r.asn[row] = (asn | (h ? HOSTING_BIT : 0)) >>> 0;
        row++;
      }
    }
    pos = eol + 1;
  }
  return {
    starts: r.starts.subarray(0, row) as A,
    ends: r.ends.subarray(0, row) as A,
    asn: r.asn.subarray(0, row),
  };
}

/** The decimal number in csv[from, to) (NaN when a byte is not a digit). */
function digits(csv: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = csv[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return to > from ? n : Number.NaN;
}

function find<A extends Uint32Array | BigUint64Array>(r: Ranges<A>, x: A[number]): number | undefined {
  let lo = 0;
  let hi = r.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((r.starts[mid] as A[number]) <= x) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && x <= (r.ends[hi] as A[number]) ? r.asn[hi] : undefined;
}
