import vue from '@vitejs/plugin-vue';
import { defineProject } from 'vitest/config';
import { webAlias, webDefine } from './vite.config.js';

export default defineProject({
  plugins: [vue()],
  resolve: { alias: webAlias },
  define: webDefine,
  test: {
    name: 'web',
    root: new URL('.', import.meta.url).pathname,
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    // Components need a DOM; the bundle-size test opts into `node` with a file comment.
    environment: 'happy-dom',
  },
});
