import { describe, expect, it } from 'vitest';
import { toLocalInput } from '@/composables/useDateTime';
import { RESOURCES, emptyForm, formFromRow, formToBody, rowLabel, validateForm } from './resources';

describe('staff resource forms', () => {
  it('asks for every required field, and for at least one meeting', () => {
    const def = RESOURCES.sections;
    const form = { ...emptyForm(def), meetings: [] };
    const problems = validateForm(def, form, 'create');
    expect(Object.keys(problems).sort()).toEqual(['capacity', 'lectureId', 'meetings', 'professorId', 'sectionNo']);
    expect(problems.meetings).toEqual({ key: 'errors.field.atLeastOne' });
  });

  it('checks ranges, whole numbers, e-mail and period order', () => {
    const students = RESOURCES.students;
    const form = { ...emptyForm(students), studentNo: '2026001', name: 'Kim', email: 'nope', password: 'pw123456', majorId: 1, grade: '7', maxCredits: '1.5' };
    expect(validateForm(students, form, 'create')).toEqual({
      email: { key: 'errors.field.email' },
      grade: { key: 'errors.field.max', params: { max: 6 } },
      maxCredits: { key: 'errors.field.integer' },
    });
    const sections = RESOURCES.sections;
    const bad = { ...emptyForm(sections), lectureId: 1, professorId: 1, sectionNo: 1, capacity: 0, meetings: [{ day: 1, startPeriod: 4, endPeriod: 2 }] };
    expect(validateForm(sections, bad, 'create')).toEqual({
      capacity: { key: 'errors.field.min', params: { min: 1 } },
      meetings: { key: 'errors.field.periods' },
    });
  });

  it('does not require a password when editing', () => {
    const def = RESOURCES.staff;
    expect(validateForm(def, { loginId: 'a', name: 'b', password: '' }, 'edit')).toEqual({});
    expect(validateForm(def, { loginId: 'a', name: 'b', password: '' }, 'create')).toEqual({ password: { key: 'errors.field.required' } });
  });

  it('wants a window to start before it ends', () => {
    const def = RESOURCES['open-times'];
    const form = { ...emptyForm(def), name: '1학년', startsAt: '2026-02-10T10:00', endsAt: '2026-02-10T09:00' };
    expect(validateForm(def, form, 'create')).toEqual({ endsAt: { key: 'errors.field.order' } });
  });

  it('builds a create body with wire types: numbers, ISO times with offset, null for "everyone"', () => {
    const def = RESOURCES['open-times'];
    const form = { ...emptyForm(def), name: ' 1학년 ', startsAt: '2026-02-10T10:00', endsAt: '2026-02-10T12:00', grades: [2, 1], majorIds: [] };
    const body = formToBody(def, form, 'create');
    expect(body).toMatchObject({ name: '1학년', grades: [1, 2], majorIds: null, queueMode: 'FIFO' });
    expect(Date.parse(body.startsAt as string)).toBe(new Date('2026-02-10T10:00').getTime());
    expect(body.startsAt).toMatch(/^2026-02-10T10:00:00[+-]\d{2}:\d{2}$/);
  });

  it('omits blank optional fields when creating (a checkbox is never blank: it says false)', () => {
    const def = RESOURCES.sections;
    const form = { ...emptyForm(def), lectureId: '3', professorId: '4', sectionNo: '1', capacity: '40' };
    expect(formToBody(def, form, 'create')).toEqual({ lectureId: 3, professorId: 4, sectionNo: 1, capacity: 40, meetings: [{ day: 1, startPeriod: 1, endPeriod: 2 }], waitlist: false });
  });

  it('sends only changed fields when editing, and never an empty password', () => {
    const def = RESOURCES.students;
    const row = { id: 1, studentNo: '2026001', name: 'Kim', email: 'k@u.ac.kr', majorId: 2, grade: 1, maxCredits: 18 };
    const original = formFromRow(def, row);
    expect(original.password).toBe('');
    const edited = { ...original, maxCredits: '21', password: '' };
    expect(formToBody(def, edited, 'edit', original)).toEqual({ maxCredits: 21 });
  });

  it('reads an open time back into local picker values', () => {
    const def = RESOURCES['open-times'];
    const iso = '2026-02-10T01:00:00.000Z';
    const form = formFromRow(def, { id: 1, name: 'x', startsAt: iso, endsAt: iso, grades: null, majorIds: [3], queueMode: 'RANDOM_AT_OPEN' });
    expect(form).toMatchObject({ startsAt: toLocalInput(iso), grades: [], majorIds: [3], queueMode: 'RANDOM_AT_OPEN' });
  });

  it('labels rows for prompts', () => {
    expect(rowLabel({ id: 1, lectureName: '자료구조', sectionNo: 2 })).toBe('자료구조 (2)');
    expect(rowLabel({ id: 5, loginId: 'admin' })).toBe('admin');
    expect(rowLabel({ id: 5 })).toBe('#5');
  });
});
