import { describe, expect, it } from 'vitest';
import en from './en';
import ko from './ko';

const keys = (obj: object, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('message catalogues', () => {
  it('have the same keys in Korean and English', () => {
    expect(keys(en).sort()).toEqual(keys(ko).sort());
  });

  it('have no empty sentences and no characters vue-i18n would misread', () => {
    for (const [key, text] of [...keys(ko).map((k) => [k, k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], ko)]), ...keys(en).map((k) => [k, k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en)])]) {
      expect(typeof text === 'string' && text.length > 0, key as string).toBe(true);
      // '|' splits plurals and '@' starts a linked message.
      expect(text as string, key as string).not.toMatch(/[|@]/);
    }
  });
});
