import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';
import { ipv4ToNumber, unmapIPv4 } from '../shared/ipv4.ts';

/**
 * Offline IP → country from @ip-location-db/geo-whois-asn-country (CC0-1.0, built from the
 * registries' WHOIS and ASN data by sapics/ip-location-db). Ranges are held in typed arrays and
 * searched by bisection; IPv6 ranges are compared on their top 64 bits, which is enough for a country.
 */
export class GeoIp {
  readonly #v4: Ranges<Uint32Array>;
  readonly #v6: Ranges<BigUint64Array>;

  private constructor(v4: Buffer, v6: Buffer) {
    this.#v4 = parse(v4, (n) => new Uint32Array(n), Number);
    this.#v6 = parse(v6, (n) => new BigUint64Array(n), v6Top64);
  }

  /** Reads the package's CSV files (about 0.2 s; ~10 MB of typed arrays, no large strings kept). */
  static load(): GeoIp {
    const require = createRequire(import.meta.url);
    const dir = require
      .resolve('@ip-location-db/geo-whois-asn-country/package.json')
      .replace(/package\.json$/, '');
    return new GeoIp(
      readFileSync(`${dir}geo-whois-asn-country-ipv4-num.csv`),
      readFileSync(`${dir}geo-whois-asn-country-ipv6.csv`),
    );
  }

  /** The ISO country of an address, or undefined (private, loopback, unknown). */
  country(ip: string): string | undefined {
    const v4 = ipv4ToNumber(unmapIPv4(ip));
    if (v4 >= 0) return find(this.#v4, v4);
    if (isIPv6(ip)) return find(this.#v6, v6Top64(ip));
    return undefined;
  }
}

type Ranges<A extends Uint32Array | BigUint64Array> = {
  starts: A;
  ends: A;
  country: Uint16Array;
  codes: string[];
};

/**
 * Fills typed arrays from the CSV bytes ("start,end,CC" per line), one small string per field, so
 * loading never holds the whole file as a JavaScript string (which V8 would keep as resident memory).
 */
function parse<A extends Uint32Array | BigUint64Array>(
  csv: Buffer,
  alloc: (n: number) => A,
  num: (s: string) => A[number],
): Ranges<A> {
  const NL = 10;
  const COMMA = 44;
  let n = 0;
  for (let i = csv.indexOf(NL); i !== -1; i = csv.indexOf(NL, i + 1)) n++;
  const r: Ranges<A> = {
    starts: alloc(n + 1),
    ends: alloc(n + 1),
    country: new Uint16Array(n + 1),
    codes: [],
  };
  const index = new Map<string, number>();
  let row = 0;
  for (let pos = 0; pos < csv.length; ) {
    let eol = csv.indexOf(NL, pos);
    if (eol === -1) eol = csv.length;
    const c1 = csv.indexOf(COMMA, pos);
    const c2 = c1 === -1 ? -1 : csv.indexOf(COMMA, c1 + 1);
    if (c1 > pos && c2 > c1 && c2 < eol) {
      const code = csv.toString('latin1', c2 + 1, eol).trim();
      let k = index.get(code);
      if (k === undefined) {
        k = r.codes.push(code) - 1;
        index.set(code, k);
      }
      r.starts[row] = num(csv.toString('latin1', pos, c1));
      r.ends[row] = num(csv.toString('latin1', c1 + 1, c2));
      r.country[row] = k;
      row++;
    }
    pos = eol + 1;
  }
  return {
    starts: r.starts.subarray(0, row) as A,
    ends: r.ends.subarray(0, row) as A,
    country: r.country.subarray(0, row),
    codes: r.codes,
  };
}

function find<A extends Uint32Array | BigUint64Array>(r: Ranges<A>, x: A[number]): string | undefined {
  let lo = 0;
  let hi = r.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((r.starts[mid] as A[number]) <= x) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && x <= (r.ends[hi] as A[number]) ? r.codes[r.country[hi] as number] : undefined;
}

export function v6Top64(ip: string): bigint {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.slice(0, 4).reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g || '0', 16)), 0n);
}
