import { en, type Messages } from './en.ts';
import { hi } from './hi.ts';
import { id } from './id.ts';
import { vi } from './vi.ts';

/** Languages the site is translated into; the first is the fallback. */
export const LANGUAGES = ['en', 'id', 'hi', 'vi'] as const;
/** A language code of the site. */
export type Lang = (typeof LANGUAGES)[number];

/** Each language's dictionary (identical keys: checked by the compiler and by dictionaries.test.ts). */
export const DICTIONARIES: Record<Lang, Messages> = { en, id, hi, vi };

/** Each language's name in itself, for the language switch. */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  en: 'English',
  id: 'Bahasa Indonesia',
  hi: 'हिन्दी',
  vi: 'Tiếng Việt',
};

/** True for a language the site has. */
export const isLang = (s: unknown): s is Lang =>
  typeof s === 'string' && (LANGUAGES as readonly string[]).includes(s);
