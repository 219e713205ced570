import { createI18n } from 'vue-i18n';
import en from './en';
import ko, { type MessageSchema } from './ko';

export type Locale = 'ko' | 'en';
export const LOCALES: Locale[] = ['ko', 'en'];
const STORAGE_KEY = 'goorm.locale';

function savedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'ko';
  } catch {
    return 'ko';
  }
}

/** Korean by default; the choice is remembered per browser. */
export function createAppI18n(locale: Locale = savedLocale()) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'ko',
    messages: { ko, en },
    missingWarn: false,
    fallbackWarn: false,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {}
  document.documentElement.lang = locale;
}

/** Translate function shape the pure helpers take, so tests can pass the real i18n's `t`. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;
