/**
 * The request mix of bench/intake: many people reporting a few real services, each from their own
 * public IPv4 address (sent as X-Forwarded-For through the trusted proxy 127.0.0.1) and browser.
 * One request in five repeats a recent reporter, so the dedupe window sees repeats too. Bodies are
 * {service, problem, country}; one in four leaves the country out, so the server derives it from
 * the address (GeoIP). Deterministic for a seed, so every run sends the same sequence.
 */
import type { Catalog } from '../../src/catalog/catalog.ts';
import { mulberry32, type Random } from '../../src/scenarios/random.ts';

/** Services people report most, from the built-in catalog; their first four problem categories are used. */
export const SERVICES = ['facebook', 'instagram', 'whatsapp', 'youtube', 'tiktok', 'x', 'gmail', 'netflix'];
const COUNTRIES = ['US', 'IN', 'ID', 'VN', 'BR', 'GB', 'DE', 'PH', 'MX', 'NG'];
const USER_AGENTS = [
  'Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
];
/** First octets that are neither private, loopback, CGNAT, link-local nor multicast. */
const PUBLIC_OCTETS = Array.from({ length: 223 }, (_, i) => i + 1).filter(
  (o) => ![10, 100, 127, 169, 172, 192, 198].includes(o),
);
const REPEAT_SHARE = 0.2;
const RECENT = 4096;

export type Mix = { pairs: { service: string; problem: string }[] };

/** The (service, problem) pairs to report, checked against the catalog so every request is valid. */
export function mixFrom(catalog: Catalog): Mix {
  const pairs: Mix['pairs'] = [];
  for (const slug of SERVICES) {
    const s = catalog.bySlug.get(slug);
    if (!s)
      throw new Error(`bench/intake: service "${slug}" is not in the catalog; update SERVICES in load.ts`);
    for (const c of s.categories.slice(0, 4)) pairs.push({ service: slug, problem: c.id });
  }
  return { pairs };
}

type Reporter = { ip: string; ua: string };

/** An endless, deterministic stream of (headers, body) for report requests. */
export class ReportStream {
  readonly #rand: Random;
  readonly #mix: Mix;
  readonly #recent: Reporter[] = [];
  #next = 0;
  /** Requests generated, and how many of them repeated a recent reporter. */
  generated = 0;
  repeats = 0;

  constructor(mix: Mix, seed: number) {
    this.#mix = mix;
    this.#rand = mulberry32(seed);
  }

  #pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#rand.next() * list.length)] as T;
  }

  #reporter(): Reporter {
    this.generated += 1;
    if (this.#recent.length > 0 && this.#rand.next() < REPEAT_SHARE) {
      this.repeats += 1;
      return this.#pick(this.#recent);
    }
    const o = () => Math.floor(this.#rand.next() * 256);
    const r = {
      ip: `${this.#pick(PUBLIC_OCTETS)}.${o()}.${o()}.${1 + Math.floor(this.#rand.next() * 254)}`,
      ua: this.#pick(USER_AGENTS),
    };
    this.#recent[this.#next] = r;
    this.#next = (this.#next + 1) % RECENT;
    return r;
  }

  /** The next request: headers to add and the JSON body. */
  next(): { headers: Record<string, string>; body: string } {
    const who = this.#reporter();
    const { service, problem } = this.#pick(this.#mix.pairs);
    const body =
      this.#rand.next() < 0.25 ? { service, problem } : { service, problem, country: this.#pick(COUNTRIES) };
    return { headers: { 'x-forwarded-for': who.ip, 'user-agent': who.ua }, body: JSON.stringify(body) };
  }
}
