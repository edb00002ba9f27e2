import type { Catalog } from '../catalog/catalog.ts';
import type { MessageKey } from './en.ts';
import { DICTIONARIES, isLang, LANGUAGES, type Lang } from './languages.ts';

/** Named date/time styles; the page script re-formats the same styles in the reader's time zone. */
export const TIME_STYLES = {
  datetime: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  short: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  time: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  /** Chart axes: no zone name (the caption says which). */
  clock: { hour: '2-digit', minute: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
/** A message that has a form per plural category: its key without the `.one`/`.other` suffix. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

/** The name of a time style. */
export type TimeStyle = keyof typeof TIME_STYLES;

/** Everything a page or an alert needs to speak one language: messages, numbers, dates and catalog labels. */
export type Translator = {
  lang: Lang;
  /** The message for key with `{placeholders}` filled in. */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /**
   * The form of a plural message for `count` (`Intl.PluralRules`: "1 report", "2 reports"), filled
   * with vars; a category the language's dictionary does not write falls back to `.other`.
   */
  plural: (key: PluralKey, count: number, vars?: Record<string, string | number>) => string;
  /** A number in the locale (1,234 / 1.234 / 1,234). */
  n: (x: number) => string;
  /** A share (0..1) as a percentage in the locale. */
  pct: (share: number) => string;
  /** A time in UTC (or in `timeZone`, as alerts use), with the zone named (except the `clock` style). */
  time: (t: number | string, style?: TimeStyle, timeZone?: string) => string;
  /** A duration in minutes as hours and minutes. */
  duration: (minutes: number) => string;
  /** A problem category's label in this language, the service's own label first (else the id). */
  category: (id: string, service?: string) => string;
  /** A country's name in this language ("ZZ" = unknown). */
  country: (code: string) => string;
  /** A service's name in this language. */
  service: (slug: string) => string;
  /** A provider's name. */
  provider: (slug: string) => string;
  /** "a, b and c" in the locale. */
  list: (items: string[]) => string;
};

function fill(template: string, vars: Record<string, string | number> | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Builds the translator for one language over a catalog (formatters are created once). */
export function makeTranslator(lang: Lang, catalog: Catalog): Translator {
  const messages = DICTIONARIES[lang];
  const num = new Intl.NumberFormat(lang);
  const plurals = new Intl.PluralRules(lang);
  const forms: Record<string, string> = messages;
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  // Formatters are costly to build: one per style and time zone, kept (a subscriber's zone repeats).
  const times = new Map<string, Intl.DateTimeFormat>();
  const timeFormat = (style: TimeStyle, timeZone: string): Intl.DateTimeFormat => {
    const key = `${style} ${timeZone}`;
    let f = times.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(lang, { ...TIME_STYLES[style], timeZone });
      times.set(key, f);
    }
    return f;
  };
  const durations = new Intl.DurationFormat(lang, { style: 'short' });
  const regions = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  const providers = new Map(catalog.providers.map((p) => [p.slug, p.name]));
  const lists = new Intl.ListFormat(lang, { type: 'conjunction' });
  return {
    lang,
    t: (key, vars) => fill(messages[key], vars),
    plural: (key, count, vars) =>
      fill(forms[`${key}.${plurals.select(count)}`] ?? messages[`${key}.other`], vars),
    n: (x) => num.format(x),
    pct: (share) => pct.format(share),
    time: (t, style = 'datetime', timeZone = 'UTC') => timeFormat(style, timeZone).format(new Date(t)),
    duration: (minutes) => {
      const m = Math.max(0, Math.round(minutes));
      return durations.format(m >= 60 ? { hours: Math.floor(m / 60), minutes: m % 60 } : { minutes: m });
    },
    category: (id, service) => {
      const own = service
        ? catalog.bySlug.get(service)?.categories.find((c) => c.id === id)?.labels
        : undefined;
      const labels = own ?? catalog.categories.get(id);
      return labels?.[lang] ?? labels?.en ?? id;
    },
    country: (code) => (code === 'ZZ' ? messages['map.unknown'] : (regions.of(code) ?? code)),
    service: (slug) => {
      const s = catalog.bySlug.get(slug);
      return s ? (s.names[lang] ?? s.name) : slug;
    },
    provider: (slug) => providers.get(slug) ?? slug,
    list: (items) => lists.format(items),
  };
}

const cache = new WeakMap<Catalog, Map<Lang, Translator>>();

/**
 * The translator for a language code (English when we do not have it) over a catalog, built once per
 * catalog and language: alerts ask for one per delivery.
 */
export function translatorFor(lang: string, catalog: Catalog): Translator {
  const l: Lang = isLang(lang) ? lang : LANGUAGES[0];
  let byLang = cache.get(catalog);
  if (!byLang) {
    byLang = new Map();
    cache.set(catalog, byLang);
  }
  let tr = byLang.get(l);
  if (!tr) {
    tr = makeTranslator(l, catalog);
    byLang.set(l, tr);
  }
  return tr;
}
