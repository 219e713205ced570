import { describe, expect, it } from 'vitest';
import { decideAccess } from './access';

describe('decideAccess', () => {
  it('lets anyone see the login pages', () => {
    expect(decideAccess({}, { role: null, valid: false })).toEqual({ allow: true });
  });

  it('sends signed-out or expired users to their own login page', () => {
    expect(decideAccess({ role: 'student' }, { role: null, valid: false })).toEqual({ allow: false, redirect: 'student-login' });
    expect(decideAccess({ role: 'staff' }, { role: 'staff', valid: false })).toEqual({ allow: false, redirect: 'staff-login' });
  });

  it('sends a user on the other role’s page to their own home', () => {
    expect(decideAccess({ role: 'staff' }, { role: 'student', valid: true })).toEqual({ allow: false, redirect: 'student-home' });
    expect(decideAccess({ role: 'student' }, { role: 'staff', valid: true })).toEqual({ allow: false, redirect: 'staff-home' });
  });

  it('allows the right role', () => {
    expect(decideAccess({ role: 'student' }, { role: 'student', valid: true })).toEqual({ allow: true });
  });
});
