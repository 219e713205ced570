import { createAppI18n, type Locale, type Translate } from '@/i18n';

/** The real message catalogue, so tests assert the sentences users read. */
export function translator(locale: Locale = 'ko'): Translate {
  const i18n = createAppI18n(locale);
  return i18n.global.t as unknown as Translate;
}
