import vue from '@vitejs/plugin-vue';
import { defineProject } from 'vitest/config';
import { alias as libAlias } from '../../vitest.config.js';
import { webAlias, webDefine } from './vite.config.js';

export default defineProject({
  plugins: [vue()],
  // The e2e support code uses the test libs (@app/testing, @app/seed) to prepare a database.
  resolve: { alias: { ...libAlias, ...webAlias } },
  define: webDefine,
  test: {
    name: 'web',
    root: new URL('.', import.meta.url).pathname,
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'e2e/**/*.e2e.test.ts'],
    // Components need a DOM; the bundle-size and browser tests opt into `node` with a file comment.
    environment: 'happy-dom',
    // The browser scenario boots the whole system; its own hooks carry their timeouts.
    testTimeout: 30_000,
  },
});
