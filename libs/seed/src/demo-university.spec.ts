import { describe, expect, it } from 'vitest';
import { buildDemoUniversity } from './demo-university.js';

describe('buildDemoUniversity', () => {
  const uni = buildDemoUniversity({ students: 2000, sections: 400, majors: 20, seed: 7 });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(buildDemoUniversity({ students: 2000, sections: 400, majors: 20, seed: 7 })).toEqual(uni);
    expect(buildDemoUniversity({ students: 2000, sections: 400, majors: 20, seed: 8 }).sections).not.toEqual(uni.sections);
  });

  it('has one general-education major and the requested sizes', () => {
    expect(uni.majors.filter((m) => m.generalEducation)).toHaveLength(1);
    expect(uni.majors).toHaveLength(20);
    expect(uni.sections).toHaveLength(400);
    expect(uni.students).toHaveLength(2000);
  });

  it('keeps values in range', () => {
    for (const l of uni.lectures) {
      expect(l.credits).toBeGreaterThanOrEqual(1);
      expect(l.credits).toBeLessThanOrEqual(4);
    }
    for (const s of uni.sections) {
      expect(s.capacity).toBeGreaterThanOrEqual(20);
      expect(s.capacity).toBeLessThanOrEqual(200);
    }
    for (const s of uni.students) {
      expect(s.grade).toBeGreaterThanOrEqual(1);
      expect(s.grade).toBeLessThanOrEqual(4);
      expect(s.maxCredits).toBeGreaterThanOrEqual(18);
      expect(s.maxCredits).toBeLessThanOrEqual(21);
    }
    const perSection = new Map<number, number>();
    for (const m of uni.meetings) perSection.set(m.sectionId, (perSection.get(m.sectionId) ?? 0) + 1);
    for (const s of uni.sections) {
      expect(perSection.get(s.id) ?? 0).toBeGreaterThanOrEqual(1);
      expect(perSection.get(s.id) ?? 0).toBeLessThanOrEqual(3);
    }
  });

  it('never double-books a professor', () => {
    const profOf = new Map(uni.sections.map((s) => [s.id, s.professorId]));
    const seen = new Set<string>();
    for (const m of uni.meetings) {
      for (let p = m.startPeriod; p <= m.endPeriod; p++) {
        const key = `${profOf.get(m.sectionId)}:${m.day}:${p}`;
        expect(seen.has(key), `professor slot ${key} booked twice`).toBe(false);
        seen.add(key);
      }
    }
  });
});
