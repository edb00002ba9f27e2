import { DENIAL, JOKE, MARKETING, OLD_NEWS, OUTAGE_PHRASES, PRESENT } from './lexicon.ts';

/** A public post as the adapters hand it over. */
export type PostInput = {
  text: string;
  /** Languages the author declared (Bluesky `langs`, Mastodon `language`). */
  langs: string[];
  at: number;
  author?: { handle?: string | undefined; name?: string | undefined; bot?: boolean | undefined } | undefined;
  /** A quote of, or a boost of, another post. */
  quote?: boolean | undefined;
};

/** One service a post is about, with how much we believe it reports a problem now. */
export type PostVerdict = {
  service: string;
  lang: string;
  /** 0…1; counted when at least the matcher's threshold. */
  score: number;
  counted: boolean;
  /** Why the score was lowered or raised: "joke", "old-news", "marketing", "denial", "quote", "self", "far", "present". */
  reasons: string[];
};

/** What the matcher needs of a catalog service. */
export type MatchableService = { slug: string; keywords: Record<string, string[]> };

/** Lowercase, NFC, straight apostrophes, Latin accents folded ("bị lỗi" → "bi loi"); Devanagari kept. */
export function fold(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Whole words only: no letter, mark or digit may touch the match (works for Devanagari too). */
const wordsRegex = (words: string[]) =>
  new RegExp(
    `(?<![\\p{L}\\p{M}\\p{N}])(?:${[...new Set(words.map(fold))]
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|')})(?![\\p{L}\\p{M}\\p{N}])`,
    'gu',
  );

type Hit = { at: number; end: number; word: string };
const hits = (re: RegExp, text: string): Hit[] =>
  [...text.matchAll(re)].map((m) => ({ at: m.index, end: m.index + m[0].length, word: m[0] }));

const gap = (a: Hit, b: Hit) => Math.max(0, Math.max(a.at, b.at) - Math.min(a.end, b.end));

type Context = {
  present: boolean;
  joke: boolean;
  old: boolean;
  marketing: boolean;
  denial: boolean;
  hashtags: number;
  author: string;
  bot: boolean;
  quote: boolean;
};

const NEAR = 40;
const SHORT_NEAR = 16;

/**
 * Finds which services a post says are failing, in any of the lexicon's languages, and scores it:
 * near "down"-words count most; present-tense cues raise the score; jokes, old news (another year,
 * "remember when"), marketing, denials, quotes and the service's own account lower it.
 */
export class PostMatcher {
  readonly #outage: RegExp;
  readonly #phraseLangs = new Map<string, string[]>();
  readonly #keywords: RegExp;
  /** keyword → services, each with the languages it is listed under ("en" = everywhere). */
  readonly #byKeyword = new Map<string, { service: string; langs: string[] }[]>();
  readonly #present = wordsRegex(PRESENT);
  readonly #joke = wordsRegex(JOKE);
  readonly #old = wordsRegex(OLD_NEWS);
  readonly #marketing = wordsRegex(MARKETING);
  readonly #denial = wordsRegex(DENIAL);
  readonly #ownNames: Map<string, string[]>;
  readonly threshold: number;

  constructor(services: MatchableService[], threshold = 0.5) {
    this.threshold = threshold;
    for (const [lang, phrases] of Object.entries(OUTAGE_PHRASES))
      for (const p of phrases)
        this.#phraseLangs.set(fold(p), [...(this.#phraseLangs.get(fold(p)) ?? []), lang]);
    this.#outage = wordsRegex([...this.#phraseLangs.keys()]);
    const own = new Map<string, string[]>();
    for (const s of services) {
      const byWord = new Map<string, string[]>();
      for (const [lang, words] of Object.entries(s.keywords))
        for (const w of words) byWord.set(fold(w), [...(byWord.get(fold(w)) ?? []), lang]);
      for (const [w, langs] of byWord)
        this.#byKeyword.set(w, [...(this.#byKeyword.get(w) ?? []), { service: s.slug, langs }]);
      own.set(
        s.slug,
        [...byWord.keys()].filter((w) => w.length >= 4).map((w) => w.replace(/\s+/g, '')),
      );
    }
    this.#ownNames = own;
    this.#keywords = wordsRegex([...this.#byKeyword.keys()]);
  }

  match(p: PostInput): PostVerdict[] {
    const text = fold(p.text.replace(/https?:\/\/\S+/g, ' '));
    const phrases = hits(this.#outage, text);
    if (phrases.length === 0) return [];
    const mentions = hits(this.#keywords, text);
    if (mentions.length === 0) return [];
    const declared = p.langs.map((l) => l.toLowerCase().slice(0, 2));
    const phraseLangs = new Set(phrases.flatMap((h) => this.#phraseLangs.get(h.word) ?? []));
    const context = this.#context(p, text);
    const best = new Map<string, PostVerdict>();
    for (const m of mentions) {
      for (const { service, langs } of this.#byKeyword.get(m.word) ?? []) {
        const global = langs.includes('en');
        if (!global && !langs.some((l) => declared.includes(l) || phraseLangs.has(l))) continue;
        const nearest = phrases.reduce((a, b) => (gap(m, b) < gap(m, a) ? b : a));
        const distance = gap(m, nearest);
        if (m.word.length <= 2 && distance > SHORT_NEAR) continue;
        const v = this.#verdict(service, distance, nearest, declared, global ? [] : langs, context);
        const known = best.get(service);
        if (!known || v.score > known.score) best.set(service, v);
      }
    }
    return [...best.values()];
  }

  #context(p: PostInput, text: string): Context {
    const year = new Date(p.at).getUTCFullYear();
    const years = [...text.matchAll(/(?<!\d)(19|20)\d\d(?!\d)/g)].map((m) => Number(m[0]));
    return {
      present: this.#present.test(text) || text.includes('?'),
      joke: hits(this.#joke, text).length > 0,
      old: hits(this.#old, text).length > 0 || years.some((y) => y < year),
      marketing: hits(this.#marketing, text).length > 0,
      denial: hits(this.#denial, text).length > 0,
      hashtags: (text.match(/#[\p{L}\p{N}_]+/gu) ?? []).length,
      author: fold(`${p.author?.handle ?? ''} ${p.author?.name ?? ''}`).replace(/\s+/g, ''),
      bot: p.author?.bot === true,
      quote: p.quote === true,
    };
  }

  #verdict(
    service: string,
    distance: number,
    nearest: Hit,
    declared: string[],
    keywordLangs: string[],
    c: Context,
  ): PostVerdict {
    const reasons: string[] = [];
    let score = distance <= NEAR ? 0.7 : 0.45;
    if (distance > NEAR) reasons.push('far');
    if (c.present) {
      score += 0.15;
      reasons.push('present');
    }
    const lower = (why: string, factor: number) => {
      score *= factor;
      reasons.push(why);
    };
    if (c.joke) lower('joke', 0.6);
    if (c.old) lower('old-news', 0.25);
    if (c.marketing) lower('marketing', 0.2);
    if (c.denial) lower('denial', 0.3);
    if (c.quote) lower('quote', 0.5);
    if (c.hashtags > 5) lower('hashtags', 0.5);
    const own = this.#ownNames.get(service) ?? [];
    if (c.bot || (c.author && own.some((n) => c.author.includes(n)))) lower('self', 0.1);
    score = Math.min(1, Math.round(score * 1000) / 1000);
    const candidates = this.#phraseLangs.get(nearest.word) ?? [];
    // Prefer the language the author declared, if the phrase exists in it; else the phrase's own.
    const lang =
      declared.find((l) => candidates.includes(l)) ??
      keywordLangs.find((l) => candidates.includes(l)) ??
      (candidates.length === 1 ? candidates[0] : undefined) ??
      declared.find((l) => l in OUTAGE_PHRASES) ??
      candidates[0] ??
      'und';
    return { service, lang, score, counted: score >= this.threshold, reasons };
  }
}
