import type { Row } from '@/api/admin';
import type { Meeting } from '@/api/types';
import { formatDateTime } from '@/composables/useDateTime';
import { formatMeetings } from '@/composables/useTimetable';
import type { RefResource, ResourceDef } from './resources';

type T = (key: string, params?: Record<string, unknown>) => string;

export type Lookups = Partial<Record<RefResource, Row[]>>;

/** What a picker shows for a referenced row. */
export function optionLabel(ref: RefResource, row: Row): string {
  if (ref === 'lectures') return `${String(row.code ?? '')} ${String(row.name ?? '')}`.trim();
  return String(row.name ?? `#${row.id}`);
}

/** Read models often carry the joined name already (majorName, lectureName…): prefer it. */
const JOINED: Record<string, string> = { majorId: 'majorName', professorId: 'professorName', lectureId: 'lectureName' };

function refName(ref: RefResource, id: unknown, lookups: Lookups): string {
  if (id === null || id === undefined || id === '') return '';
  const hit = lookups[ref]?.find((r) => r.id === Number(id));
  return hit ? optionLabel(ref, hit) : `#${String(id)}`;
}

/** One table cell as text, in the current language. */
export function cellText(def: ResourceDef, row: Row, key: string, lookups: Lookups, t: T, locale: string): string {
  const field = def.fields.find((f) => f.key === key);
  const value = row[key];
  if (!field) return value === null || value === undefined ? '' : String(value);
  switch (field.type) {
    case 'bool':
      return value ? t('common.yes') : t('common.no');
    case 'ref': {
      const joined = row[JOINED[key] ?? ''];
      return typeof joined === 'string' ? joined : refName(field.ref!, value, lookups);
    }
    case 'refs':
      return Array.isArray(value) && value.length ? value.map((id) => refName(field.ref!, id, lookups)).join(', ') : t('staff.everyone');
    case 'grades':
      return Array.isArray(value) && value.length ? value.join(', ') : t('staff.everyone');
    case 'datetime':
      return formatDateTime(value as string, locale);
    case 'mode':
      return value ? t(`staff.queueModes.${String(value)}`) : '';
    case 'meetings':
      return Array.isArray(value) ? formatMeetings(value as Meeting[], t) : '';
    case 'password':
      return '••••';
    default:
      return value === null || value === undefined ? '' : String(value);
  }
}
