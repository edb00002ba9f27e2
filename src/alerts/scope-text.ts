import type { Translator } from '../i18n/translator.ts';
import type { Scope } from './types.ts';

/** What a subscription follows, as words in the reader's language: "all Meta services", "WhatsApp", … */
export function scopeText(tr: Translator, s: Scope): string {
  switch (s.kind) {
    case 'service':
      return tr.t('scope.service', { name: tr.service(s.value) });
    case 'provider':
      return tr.t('scope.provider', { name: tr.provider(s.value) });
    case 'category':
      return tr.t('scope.category', { name: tr.category(s.value) });
    default:
      return tr.t('scope.all');
  }
}
