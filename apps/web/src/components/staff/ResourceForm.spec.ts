import { describe, expect, it } from 'vitest';
import { emptyForm, formFromRow, RESOURCES } from '@/staff/resources';
import { mountWith } from '../../../test/mount';
import ResourceForm from './ResourceForm.vue';

const base = { lookups: { majors: [{ id: 1, name: '컴퓨터공학과' }] }, serverErrors: {}, busy: false, title: '새 학생' };

describe('ResourceForm', () => {
  it('shows inline problems and does not submit an incomplete form', async () => {
    const def = RESOURCES.students;
    const wrapper = mountWith(ResourceForm, { ...base, def, mode: 'create', initial: emptyForm(def) });
    await wrapper.get('[data-testid="field-email"]').setValue('not-an-email');
    await wrapper.get('[data-testid="field-email"]').trigger('blur');
    expect(wrapper.get('#f-students-email-err').text()).toBe('이메일 형식이 아닙니다.');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('submit')).toBeUndefined();
    expect(wrapper.get('#f-students-studentNo-err').text()).toBe('필수 항목입니다.');
    expect(wrapper.get('[data-testid="field-studentNo"]').attributes('aria-invalid')).toBe('true');
  });

  it('emits a plain copy of the values once they are valid', async () => {
    const def = RESOURCES.majors;
    const wrapper = mountWith(ResourceForm, { ...base, def, mode: 'create', initial: emptyForm(def) });
    await wrapper.get('[data-testid="field-name"]').setValue('데이터과학과');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('submit')?.[0]).toEqual([{ name: '데이터과학과', generalEducation: false }]);
  });

  it('shows the server’s 400 details next to their field until it is edited', async () => {
    const def = RESOURCES.sections;
    const row = { id: 3, lectureId: 1, professorId: 2, sectionNo: 1, capacity: 30, meetings: [{ day: 1, startPeriod: 1, endPeriod: 2 }] };
    const wrapper = mountWith(ResourceForm, {
      ...base,
      def,
      mode: 'edit',
      initial: formFromRow(def, row),
      serverErrors: { capacity: 'capacity must not be less than 1', meetings: 'day must not be greater than 7' },
    });
    expect(wrapper.get('#f-sections-capacity-err').text()).toBe('capacity must not be less than 1');
    expect(wrapper.get('#f-sections-meetings-err').text()).toBe('day must not be greater than 7');
    await wrapper.get('[data-testid="field-capacity"]').setValue('40');
    expect(wrapper.get('#f-sections-capacity-err').text()).toBe('');
  });

  it('shows a server problem for a field edited before the submit (it showed nothing at all)', async () => {
    const def = RESOURCES.majors;
    const wrapper = mountWith(ResourceForm, { ...base, def, mode: 'create', initial: emptyForm(def) });
    await wrapper.get('[data-testid="field-name"]').setValue('x');
    await wrapper.get('form').trigger('submit');
    await wrapper.setProps({ serverErrors: { name: 'is too long or out of range for what can be stored' } });
    expect(wrapper.get('#f-majors-name-err').text()).toBe('is too long or out of range for what can be stored');
    await wrapper.get('[data-testid="field-name"]').setValue('y');
    expect(wrapper.get('#f-majors-name-err').text()).toBe('');
  });
});
