import type { Catalog } from '../../catalog/catalog.ts';
import type { Scope } from '../types.ts';
import { type Dictionary, en, type MessageKey } from './en.ts';
import { hi } from './hi.ts';
import { id } from './id.ts';
import { vi } from './vi.ts';

/** Languages alerts and the subscription page are written in. */
export const ALERT_LANGUAGES = ['en', 'id', 'hi', 'vi'] as const;
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number];
export const isAlertLanguage = (x: unknown): x is AlertLanguage =>
  typeof x === 'string' && (ALERT_LANGUAGES as readonly string[]).includes(x);

export const DICTIONARIES: Record<AlertLanguage, Dictionary> = { en, id, hi, vi };

/** Texts in one language: messages, names from the catalog, times and durations with Intl. */
export type Texts = {
  lang: AlertLanguage;
  t: (key: MessageKey, vars?: Record<string, string>) => string;
  service: (slug: string) => string;
  provider: (slug: string) => string;
  category: (id: string) => string;
  scope: (s: Scope) => string;
  /** A date and time in the subscriber's time zone, with the zone's name. */
  time: (t: number, timeZone: string) => string;
  duration: (ms: number) => string;
};

const fill = (template: string, vars: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

export function texts(lang: string, catalog: Catalog): Texts {
  const l: AlertLanguage = isAlertLanguage(lang) ? lang : 'en';
  const dict = DICTIONARIES[l];
  const t = (key: MessageKey, vars: Record<string, string> = {}) => fill(dict[key], vars);
  const providers = new Map(catalog.providers.map((p) => [p.slug, p.name]));
  const service = (slug: string) => {
    const s = catalog.bySlug.get(slug);
    return s?.names[l] ?? s?.name ?? slug;
  };
  const provider = (slug: string) => providers.get(slug) ?? slug;
  const category = (id: string) => {
    const labels = catalog.categories.get(id);
    return labels?.[l] ?? labels?.en ?? id;
  };
  const hours = new Intl.NumberFormat(l, { style: 'unit', unit: 'hour', unitDisplay: 'short' });
  const minutes = new Intl.NumberFormat(l, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
  return {
    lang: l,
    t,
    service,
    provider,
    category,
    scope: (s) =>
      s.kind === 'service'
        ? t('scope.service', { name: service(s.value) })
        : s.kind === 'provider'
          ? t('scope.provider', { name: provider(s.value) })
          : s.kind === 'category'
            ? t('scope.category', { name: category(s.value) })
            : t('scope.all'),
    time: (at, timeZone) =>
      new Intl.DateTimeFormat(l, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }).format(at),
    duration: (ms) => {
      const total = Math.max(1, Math.round(ms / 60_000));
      const h = Math.floor(total / 60);
      const m = total % 60;
      return [h > 0 ? hours.format(h) : '', m > 0 || h === 0 ? minutes.format(m) : '']
        .filter(Boolean)
        .join(' ');
    },
  };
}
