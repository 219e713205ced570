import { GE_TOPICS, GENERAL_EDUCATION, GIVEN, MAJOR_NAMES, SURNAMES, TOPICS } from './names.js';
import { Prng } from './prng.js';

export interface SeedOptions {
  students: number;
  sections: number;
  majors: number;
  seed: number;
}

export interface DemoUniversity {
  majors: { id: number; name: string; generalEducation: boolean }[];
  professors: { id: number; name: string; majorId: number }[];
  lectures: { id: number; code: string; name: string; credits: number; majorId: number }[];
  sections: { id: number; lectureId: number; professorId: number; sectionNo: number; capacity: number; minimum: number; description: string }[];
  meetings: { id: number; sectionId: number; day: number; startPeriod: number; endPeriod: number }[];
  students: { id: number; studentNo: string; name: string; email: string; majorId: number; grade: number; maxCredits: number }[];
}

const DAYS = 5; // Monday–Friday
const PERIODS = 9; // periods 1–9 per day

/**
 * Builds a whole university in memory, deterministically from `seed`: majors (one of them
 * general education), professors, lectures of 1–4 credits, sections of 20–200 seats with 1–3
 * meetings a week that never double-book a professor, and students in grades 1–4.
 */
export function buildDemoUniversity(opts: SeedOptions): DemoUniversity {
  const rng = new Prng(opts.seed);
  const majorCount = Math.max(2, Math.min(opts.majors, MAJOR_NAMES.length + 1));
  const majors = [
    ...MAJOR_NAMES.slice(0, majorCount - 1).map((name, i) => ({ id: i + 1, name, generalEducation: false })),
    { id: majorCount, name: GENERAL_EDUCATION, generalEducation: true },
  ];

  // About 5 sections per professor, spread over the majors.
  const professorCount = Math.max(majors.length, Math.ceil(opts.sections / 5));
  const professors = Array.from({ length: professorCount }, (_, i) => ({
    id: i + 1,
    name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`,
    majorId: majors[i % majors.length]!.id,
  }));
  const professorsByMajor = new Map<number, number[]>();
  for (const p of professors) professorsByMajor.set(p.majorId, [...(professorsByMajor.get(p.majorId) ?? []), p.id]);

  // Lectures: about one per 1.6 sections; each gets sections until the total is reached.
  const lectures: DemoUniversity['lectures'] = [];
  const sections: DemoUniversity['sections'] = [];
  const meetings: DemoUniversity['meetings'] = [];
  const busy = new Set<string>(); // `${professorId}:${day}:${period}`
  let lectureId = 0;
  while (sections.length < opts.sections) {
    const major = majors[lectureId % majors.length]!;
    lectureId += 1;
    const topic = major.generalEducation ? rng.pick(GE_TOPICS) : `${major.name.replace(/(학과|학)$/, '')} ${rng.pick(TOPICS)}`;
    const level = rng.int(1, 4);
    lectures.push({
      id: lectureId,
      code: `${major.generalEducation ? 'GE' : 'M' + String(major.id).padStart(2, '0')}${level}${String(lectureId).padStart(4, '0')}`,
      name: `${topic} ${['I', 'II', 'III', 'IV'][level - 1]}`,
      credits: rng.weighted([[1, 1], [2, 3], [3, 10], [4, 2]] as const),
      majorId: major.id,
    });
    const sectionCount = Math.min(rng.weighted([[1, 5], [2, 3], [3, 2]] as const), opts.sections - sections.length);
    for (let no = 1; no <= sectionCount; no++) {
      const sectionId = sections.length + 1;
      const pool = professorsByMajor.get(major.id)!;
      let professorId = rng.pick(pool);
      const meetingCount = rng.weighted([[1, 2], [2, 5], [3, 2]] as const);
      const length = rng.weighted([[1, 3], [2, 4], [3, 2]] as const);
      const placed: { day: number; start: number }[] = [];
      for (let attempt = 0; placed.length < meetingCount && attempt < 200; attempt++) {
        if (attempt > 0 && attempt % 40 === 0) professorId = rng.pick(pool); // this one is full: try another
        const day = rng.int(1, DAYS);
        const start = rng.int(1, PERIODS - length + 1);
        if (placed.some((p) => p.day === day)) continue;
        const slots = Array.from({ length }, (_, k) => `${professorId}:${day}:${start + k}`);
        if (slots.some((s) => busy.has(s))) continue;
        slots.forEach((s) => busy.add(s));
        placed.push({ day, start });
      }
      sections.push({
        id: sectionId,
        lectureId,
        professorId,
        sectionNo: no,
        capacity: rng.int(2, 20) * 10,
        minimum: 5,
        description: `${lectures[lectures.length - 1]!.name} ${no}분반`,
      });
      for (const p of placed.sort((a, b) => a.day - b.day)) {
        meetings.push({ id: meetings.length + 1, sectionId, day: p.day, startPeriod: p.start, endPeriod: p.start + length - 1 });
      }
    }
  }

  const departmental = majors.filter((m) => !m.generalEducation);
  const students = Array.from({ length: opts.students }, (_, i) => {
    const grade = rng.int(1, 4);
    const studentNo = `${2026 - grade + 1}${String(i + 1).padStart(6, '0')}`;
    return {
      id: i + 1,
      studentNo,
      name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`,
      email: `s${studentNo}@goorm.ac.kr`,
      majorId: rng.pick(departmental).id,
      grade,
      maxCredits: rng.int(18, 21),
    };
  });

  return { majors, professors, lectures, sections, meetings, students };
}
