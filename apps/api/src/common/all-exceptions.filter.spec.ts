import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isDependencyDown } from './all-exceptions.filter.js';

describe('isDependencyDown (503 + Retry-After, never 500)', () => {
  it("takes Redis's 'not now' replies: out of memory, busy, read-only, loading, a failed save", () => {
    for (const m of ["OOM command not allowed when used memory > 'maxmemory'.", 'BUSY Redis is busy running a script.', "READONLY You can't write against a read only replica.", 'LOADING Redis is loading the dataset in memory', 'MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk.']) {
      expect(isDependencyDown(new ReplyError(m))).toBe(true);
    }
  });

  it('leaves real faults alone: a script error, a wrong type, a plain bug', () => {
    expect(isDependencyDown(new ReplyError('ERR Error running script (call to f_abc): @user_script:12: bad argument'))).toBe(false);
    expect(isDependencyDown(new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isDependencyDown(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
  });

  it('takes lost connections and MySQL lock timeouts', () => {
    expect(isDependencyDown(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyDown(Object.assign(new Error('Lock wait timeout exceeded'), { code: 'ER_LOCK_WAIT_TIMEOUT' }))).toBe(true);
  });
});
