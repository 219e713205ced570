import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS } from './processes.js';

/**
 * Prints a test's figures and keeps them for `npm run test:faults`, which merges them with
 * vitest's pass/fail into its one final JSON line.
 */
export function report(test: string, figures: Record<string, unknown>): void {
  const dir = path.join(ARTIFACTS, 'results');
  mkdirSync(dir, { recursive: true });
  const line = JSON.stringify({ test, ...figures });
  writeFileSync(path.join(dir, `${test.replace(/[^A-Za-z0-9_-]+/g, '_')}.json`), line);
  console.log(`[faults] ${line}`);
}
