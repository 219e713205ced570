import { http } from './http';
import type { CurrentWindow, Major, Page, Section, SectionQuery } from './types';

/** Catalogue routes: open to any signed-in user, student or staff. */
export const catalogueApi = {
  majors: () => http.get<Major[]>('/api/majors'),
  sections: (query: SectionQuery, signal?: AbortSignal) =>
    http.get<Page<Section>>('/api/sections', { query: { ...query }, signal }),
  section: (id: number) => http.get<Section>(`/api/sections/${id}`),
  currentWindow: () => http.get<CurrentWindow>('/api/open-times/current'),
};
