import type { LocationQuery } from 'vue-router';
import type { SectionQuery } from '@/api/types';

export const PAGE_SIZE = 20;

const int = (v: unknown) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};
const str = (v: unknown) => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() ? s.trim() : undefined;
};
const bool = (v: unknown) => {
  const s = str(v);
  return s === 'true' ? true : s === 'false' ? false : undefined;
};

/**
 * Filters live in the URL, so a search can be shared, reloaded, and reached from a decision's
 * "see other sections" link; the browser's back button walks through earlier searches.
 */
export function queryFromRoute(query: LocationQuery): SectionQuery {
  return {
    q: str(query.q),
    majorId: int(query.majorId),
    day: int(query.day),
    credits: int(query.credits),
    professor: str(query.professor),
    generalEducation: bool(query.generalEducation),
    hasSeats: bool(query.hasSeats),
    page: int(query.page) ?? 1,
    size: PAGE_SIZE,
  };
}

export function routeFromQuery(query: SectionQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === 'size' || value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'hasSeats' && value === false) continue;
    out[key] = String(value);
  }
  return out;
}
