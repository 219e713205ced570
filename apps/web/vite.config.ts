import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Shared with vitest.config.ts so tests resolve imports exactly like the build. */
export const webAlias = {
  '@': r('./src'),
  // apps → libs is allowed: the web app reads the shared wire types (reject reasons, error codes, Page<T>).
  '@app/contracts': r('../../libs/contracts/src/index.ts'),
};

/** Compile-time flags: drop Vue's options API and devtools hooks, use vue-i18n's composition-only build. */
export const webDefine = {
  __VUE_OPTIONS_API__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  __VUE_I18N_FULL_INSTALL__: 'false',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
};

const apiTarget = process.env.WEB_API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: r('.'),
  plugins: [vue()],
  resolve: { alias: webAlias },
  define: webDefine,
  build: {
    outDir: r('./dist'),
    emptyOutDir: true,
    // The manifest lets test/bundle-size.spec.ts tell student chunks from staff chunks.
    manifest: true,
    target: 'es2022',
    sourcemap: false,
  },
  // `npx vite --config apps/web/vite.config.ts` in development talks to a local API on :3000.
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false }, '/metrics': apiTarget, '/health': apiTarget },
  },
});
