import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { at } from './ops-paths.js';

/** A rendered Kubernetes object, loosely typed: tests read the fields they check. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown> & { [k: string]: unknown };
  [k: string]: unknown;
}

/** Every YAML document of a text, failing on the first parse error. */
export function parseDocs(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as K8sObject | null;
    return value ? [value] : [];
  });
}

export function readYaml(file: string): K8sObject[] {
  return parseDocs(readFileSync(file, 'utf8'), file);
}

/** `kubectl kustomize <dir>` (dir relative to the repo root), parsed. */
export function kustomize(dir: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', at(dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseDocs(out, dir);
}

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}
