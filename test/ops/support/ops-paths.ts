import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and the ops folders the tests read. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const at = (...parts: string[]) => path.join(ROOT, ...parts);

export const OVERLAYS = ['dev', 'prod'] as const;
export const RULES_FILE = at('prometheus/rules/goorm-alerts.rules.yml');
export const RULES_TEST_FILE = at('prometheus/tests/goorm-alerts.test.yml');
export const DASHBOARDS_DIR = at('grafana/dashboards');
