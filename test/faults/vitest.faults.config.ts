import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { alias } from '../../vitest.config.js';

/**
 * `npm run test:faults`: every fault test (the fast *.test.ts that npm test also runs, and the
 * long *.fault.ts), one file at a time so a test's timings are not another test's CPU.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { alias },
  test: {
    name: 'faults',
    include: ['test/faults/**/*.test.ts', 'test/faults/**/*.fault.ts'],
    environment: 'node',
    globalSetup: ['./test/setup/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
