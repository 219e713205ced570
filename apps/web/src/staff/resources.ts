import type { ResourceName, Row } from '@/api/admin';
import type { Meeting } from '@/api/types';
import { fromLocalInput, toLocalInput } from '@/composables/useDateTime';

/**
 * What each staff CRUD screen edits, declared once; the generic page and form render from this.
 * Field keys are the contract's body names ("create and update bodies use the read names").
 */
export type FieldType = 'text' | 'email' | 'password' | 'textarea' | 'int' | 'bool' | 'ref' | 'refs' | 'datetime' | 'grades' | 'mode' | 'meetings';
export type RefResource = Extract<ResourceName, 'majors' | 'professors' | 'lectures'>;

export interface FieldDef {
  key: string;
  type: FieldType;
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  ref?: RefResource;
}

export interface ResourceDef {
  name: ResourceName;
  fields: FieldDef[];
  /** Columns of the list table, in order. */
  columns: string[];
  /** The list takes a search (the API's `q`). */
  searchable?: boolean;
}

export const GRADES = [1, 2, 3, 4, 5, 6];
/** The API accepts periods 1–30 (section DTO). */
export const MAX_PERIOD = 30;
export const QUEUE_MODES = ['FIFO', 'RANDOM_AT_OPEN'] as const;

export const RESOURCES: Record<ResourceName, ResourceDef> = {
  majors: {
    name: 'majors',
    fields: [
      { key: 'name', type: 'text', required: true },
      { key: 'generalEducation', type: 'bool' },
    ],
    columns: ['id', 'name', 'generalEducation'],
  },
  professors: {
    name: 'professors',
    fields: [
      { key: 'name', type: 'text', required: true },
      { key: 'majorId', type: 'ref', ref: 'majors', required: true },
    ],
    columns: ['id', 'name', 'majorId'],
  },
  lectures: {
    name: 'lectures',
    fields: [
      { key: 'code', type: 'text', required: true },
      { key: 'name', type: 'text', required: true },
      { key: 'credits', type: 'int', required: true, min: 1, max: 6 },
      { key: 'majorId', type: 'ref', ref: 'majors', required: true },
    ],
    columns: ['id', 'code', 'name', 'credits', 'majorId'],
  },
  sections: {
    name: 'sections',
    fields: [
      { key: 'lectureId', type: 'ref', ref: 'lectures', required: true },
      { key: 'professorId', type: 'ref', ref: 'professors', required: true },
      { key: 'sectionNo', type: 'int', required: true, min: 1 },
      { key: 'capacity', type: 'int', required: true, min: 1 },
      { key: 'minimum', type: 'int', min: 0 },
      { key: 'meetings', type: 'meetings', required: true },
      { key: 'description', type: 'textarea' },
      { key: 'waitlist', type: 'bool' },
    ],
    columns: ['id', 'lectureId', 'sectionNo', 'professorId', 'meetings', 'capacity', 'enrolled'],
    searchable: true,
  },
  students: {
    name: 'students',
    fields: [
      { key: 'studentNo', type: 'text', required: true },
      { key: 'name', type: 'text', required: true },
      { key: 'email', type: 'email', required: true },
      { key: 'password', type: 'password', required: true, minLength: 8 },
      { key: 'majorId', type: 'ref', ref: 'majors', required: true },
      { key: 'grade', type: 'int', required: true, min: 1, max: 6 },
      { key: 'maxCredits', type: 'int', required: true, min: 1, max: 40 },
    ],
    columns: ['id', 'studentNo', 'name', 'majorId', 'grade', 'maxCredits'],
    searchable: true,
  },
  staff: {
    name: 'staff',
    fields: [
      { key: 'loginId', type: 'text', required: true },
      { key: 'name', type: 'text', required: true },
      { key: 'password', type: 'password', required: true, minLength: 8 },
    ],
    columns: ['id', 'loginId', 'name'],
    searchable: true,
  },
  'open-times': {
    name: 'open-times',
    fields: [
      { key: 'name', type: 'text', required: true },
      { key: 'startsAt', type: 'datetime', required: true },
      { key: 'endsAt', type: 'datetime', required: true },
      { key: 'grades', type: 'grades' },
      { key: 'majorIds', type: 'refs', ref: 'majors' },
      { key: 'queueMode', type: 'mode', required: true },
    ],
    columns: ['id', 'name', 'startsAt', 'endsAt', 'grades', 'majorIds', 'queueMode'],
  },
};

export function isResourceName(value: unknown): value is ResourceName {
  return typeof value === 'string' && value in RESOURCES;
}

export type FormValue = string | number | boolean | number[] | Meeting[] | null;
export type FormModel = Record<string, FormValue>;
/** An i18n key and its parameters, so messages follow the language switch. */
export interface FieldProblem {
  key: string;
  params?: Record<string, unknown>;
}

export function emptyForm(def: ResourceDef): FormModel {
  const form: FormModel = {};
  for (const f of def.fields) {
    form[f.key] =
      f.type === 'bool' ? false
      : f.type === 'grades' || f.type === 'refs' ? []
      : f.type === 'meetings' ? [{ day: 1, startPeriod: 1, endPeriod: 2 }]
      : f.type === 'mode' ? 'FIFO'
      : '';
  }
  return form;
}

/** A row read from the API → editable values (passwords are never read back). */
export function formFromRow(def: ResourceDef, row: Row): FormModel {
  const form = emptyForm(def);
  for (const f of def.fields) {
    const value = row[f.key];
    if (f.type === 'password') form[f.key] = '';
    else if (f.type === 'datetime') form[f.key] = toLocalInput(value as string);
    else if (f.type === 'grades' || f.type === 'refs') form[f.key] = Array.isArray(value) ? [...(value as number[])] : [];
    else if (f.type === 'meetings') form[f.key] = Array.isArray(value) ? (value as Meeting[]).map((m) => ({ ...m })) : [];
    else if (f.type === 'bool') form[f.key] = Boolean(value);
    else form[f.key] = value === null || value === undefined ? '' : (value as string | number);
  }
  return form;
}

const isBlank = (v: FormValue) => v === '' || v === null || (Array.isArray(v) && v.length === 0);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the browser can make before the server does; the server's 400 details still win. */
export function validateForm(def: ResourceDef, form: FormModel, mode: 'create' | 'edit'): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const f of def.fields) {
    const value = form[f.key] ?? '';
    const required = f.required && !(f.type === 'password' && mode === 'edit');
    if (isBlank(value)) {
      if (required) problems[f.key] = { key: f.type === 'meetings' ? 'errors.field.atLeastOne' : 'errors.field.required' };
      continue;
    }
    if (f.type === 'int') {
      const n = Number(value);
      if (!Number.isInteger(n)) problems[f.key] = { key: 'errors.field.integer' };
      else if (f.min !== undefined && n < f.min) problems[f.key] = { key: 'errors.field.min', params: { min: f.min } };
      else if (f.max !== undefined && n > f.max) problems[f.key] = { key: 'errors.field.max', params: { max: f.max } };
    }
    if (f.type === 'email' && !EMAIL.test(String(value))) problems[f.key] = { key: 'errors.field.email' };
    if (f.minLength && String(value).length < f.minLength) problems[f.key] = { key: 'errors.field.minLength', params: { n: f.minLength } };
    if (f.type === 'datetime' && !fromLocalInput(String(value))) problems[f.key] = { key: 'errors.field.required' };
    if (f.type === 'meetings') {
      const bad = (value as Meeting[]).some((m) => m.startPeriod > m.endPeriod || m.startPeriod < 1 || m.endPeriod > MAX_PERIOD);
      if (bad) problems[f.key] = { key: 'errors.field.periods' };
    }
  }
  if (def.name === 'open-times' && !problems.startsAt && !problems.endsAt) {
    const start = fromLocalInput(String(form.startsAt));
    const end = fromLocalInput(String(form.endsAt));
    if (start && end && Date.parse(start) >= Date.parse(end)) problems.endsAt = { key: 'errors.field.order' };
  }
  return problems;
}

function toWire(f: FieldDef, value: FormValue): unknown {
  switch (f.type) {
    case 'int':
    case 'ref':
      return value === '' || value === null ? null : Number(value);
    case 'datetime':
      return fromLocalInput(String(value));
    case 'grades':
    case 'refs':
      // The contract's null means "everyone"; an empty selection says the same thing.
      return (value as number[]).length ? [...(value as number[])].sort((a, b) => a - b) : null;
    case 'meetings':
      return (value as Meeting[]).map((m) => ({ day: Number(m.day), startPeriod: Number(m.startPeriod), endPeriod: Number(m.endPeriod) }));
    case 'textarea':
    case 'text':
    case 'email':
      return String(value).trim();
    default:
      return value;
  }
}

/**
 * Form → request body. Create sends every field with a value; edit (PATCH) sends only what changed,
 * and never an empty password (empty means "keep it").
 */
export function formToBody(def: ResourceDef, form: FormModel, mode: 'create' | 'edit', original?: FormModel): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of def.fields) {
    const value = form[f.key] ?? '';
    if (f.type === 'password' && value === '') continue;
    if (mode === 'create' && isBlank(value) && f.type !== 'grades' && f.type !== 'refs' && !f.required) continue;
    if (mode === 'edit' && original && JSON.stringify(toWire(f, original[f.key] ?? '')) === JSON.stringify(toWire(f, value))) continue;
    body[f.key] = toWire(f, value);
  }
  return body;
}

/** A human name for a row, for headings and "Delete X?" prompts. */
export function rowLabel(row: Row): string {
  if (typeof row.lectureName === 'string') return `${row.lectureName} (${String(row.sectionNo ?? row.id)})`;
  return String(row.name ?? row.loginId ?? row.studentNo ?? `#${row.id}`);
}
