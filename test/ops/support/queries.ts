import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DASHBOARDS_DIR, RULES_FILE } from './ops-paths.js';

export interface Query {
  /** Where it comes from, for failure messages. */
  source: string;
  expr: string;
}

interface Panel {
  id: number;
  title: string;
  type: string;
  targets?: { refId: string; expr: string }[];
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  [k: string]: unknown;
}

export function dashboards(): { file: string; json: Dashboard }[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, json: JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard }));
}

export function dashboardQueries(): Query[] {
  return dashboards().flatMap(({ file, json }) =>
    json.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ source: `${file} panel "${p.title}" ${t.refId}`, expr: t.expr }))),
  );
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const doc = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

export const alertQueries = (): Query[] => alertRules().map((r) => ({ source: `alert ${r.alert}`, expr: r.expr }));
