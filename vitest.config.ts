import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Aliases mirror tsconfig.json "paths" (apps → libs, imported as @app/<lib>). */
export const alias = {
  '@app/config': r('./libs/config/src/index.ts'),
  '@app/contracts': r('./libs/contracts/src/index.ts'),
  '@app/database': r('./libs/database/src/index.ts'),
  '@app/redis': r('./libs/redis/src/index.ts'),
  '@app/queue': r('./libs/queue/src/index.ts'),
  '@app/engine': r('./libs/engine/src/index.ts'),
  '@app/observability': r('./libs/observability/src/index.ts'),
  '@app/seed': r('./libs/seed/src/index.ts'),
  '@app/testing': r('./libs/testing/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['apps/{api,worker,cli}/src/**/*.spec.ts', 'libs/*/src/**/*.spec.ts', 'scripts/**/*.spec.ts', 'load-tests/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: files that each boot Nest and talk to MySQL run best two at a time.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      './apps/web/vitest.config.ts',
    ],
  },
});
