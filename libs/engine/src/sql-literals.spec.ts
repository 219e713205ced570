import { format } from 'mysql2';
import { describe, expect, it } from 'vitest';
import { int, str, utc } from './sql-literals.js';

describe('sql literals', () => {
  it('writes engine values as mysql2 would format them', () => {
    const at = Date.UTC(2026, 11, 7, 14, 5, 9, 42);
    // mysql2's own formatting for a pool with timezone 'Z' is the reference.
    expect(utc(at)).toBe(format('?', [new Date(at)], false, 'Z'));
    expect(utc(at)).toBe("'2026-12-07 14:05:09.042'");
    expect(int(42)).toBe('42');
    expect(int(null)).toBe('NULL');
    expect(str('0d9f3a4e-1c2b-4f5e-9a8b-7c6d5e4f3a2b')).toBe("'0d9f3a4e-1c2b-4f5e-9a8b-7c6d5e4f3a2b'");
    expect(str('SECTION_FULL')).toBe("'SECTION_FULL'");
    expect(str(null)).toBe('NULL');
  });

  it('writes any other string exactly as mysql2 escapes it', () => {
    for (const s of ["x'); DROP TABLE enrollment; --", 'a\\b', 'é', 'two words', '"q"', '\0', '']) {
      expect(str(s)).toBe(format('?', [s]));
    }
    expect(str("x' OR '1'='1")).toBe("'x\\' OR \\'1\\'=\\'1'");
    expect(int(1.5)).toBe('1.5');
    expect(int(2 ** 60)).toBe(format('?', [2 ** 60]));
  });
});
