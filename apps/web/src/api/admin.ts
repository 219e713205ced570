import type { Page } from '@app/contracts';
import { API_BASE, authHeaders, http, send } from './http';
import type { Enrollment, QueueStats } from './types';

export type ResourceName = 'majors' | 'professors' | 'lectures' | 'sections' | 'students' | 'staff' | 'open-times';
export type Row = Record<string, unknown> & { id: number };
/** One audit-log row: who changed what, when, with the record before and after. */
export interface AuditEntry { id: number; staffId: number | null; action: 'CREATE' | 'UPDATE' | 'DELETE'; entity: string; entityId: string | null; before: unknown; after: unknown; createdAt: string }

/** Staff CRUD is the same five calls on every resource. */
export const adminApi = {
  /** `q`: a search (students: number, name or email; staff: login or name; sections: course, code or professor). */
  list: (resource: ResourceName, page: number, size: number, q?: string) => http.get<Page<Row>>(`/api/admin/${resource}`, { query: q ? { page, size, q } : { page, size } }),
  get: (resource: ResourceName, id: number) => http.get<Row>(`/api/admin/${resource}/${id}`),
  create: (resource: ResourceName, body: Record<string, unknown>) => http.post<Row>(`/api/admin/${resource}`, body),
  update: (resource: ResourceName, id: number, body: Record<string, unknown>) => http.patch<Row>(`/api/admin/${resource}/${id}`, body),
  remove: (resource: ResourceName, id: number) => http.delete(`/api/admin/${resource}/${id}`),

  /** Every row of a small resource (for pickers); capped so a huge table cannot hang the page. */
  async all(resource: ResourceName, maxPages = 20): Promise<Row[]> {
    const rows: Row[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const answer = await adminApi.list(resource, page, 100);
      rows.push(...answer.items);
      if (rows.length >= answer.total || answer.items.length === 0) break;
    }
    return rows;
  },

  roster: (sectionId: number) => http.get<unknown>(`/api/admin/sections/${sectionId}/roster`),
  /** A plain link cannot carry the Bearer token, so the CSV is fetched and handed over as a blob. */
  rosterCsv: async (sectionId: number): Promise<Blob> =>
    (await send('GET', `/api/admin/sections/${sectionId}/roster`, { query: { format: 'csv' }, headers: { Accept: 'text/csv' } })).blob(),

  enrollFor: (studentId: number, sectionId: number) => http.post<unknown>(`/api/admin/students/${studentId}/enrollments`, { sectionId }),
  audit: (q: { page: number; size: number; entity?: string }) => http.get<Page<AuditEntry>>('/api/admin/audit-log', { query: q }),
  /** The student's committed enrollments (as they see them). */
  enrollmentsOf: (studentId: number) => http.get<Enrollment[]>(`/api/admin/students/${studentId}/enrollments`),
  dropFor: (studentId: number, sectionId: number) => http.delete<unknown>(`/api/admin/students/${studentId}/enrollments/${sectionId}`),

  queue: () => http.get<QueueStats>('/api/admin/queue'),
  /** Prometheus text from the API process (no token needed, sent anyway for proxies that want one). */
  metrics: async (): Promise<string> => {
    const response = await fetch(`${API_BASE}/metrics`, { headers: { Accept: 'text/plain', ...authHeaders() } });
    if (!response.ok) throw new Error(`metrics ${response.status}`);
    return response.text();
  },
};
