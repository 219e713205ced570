// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { measureStudentJs, STUDENT_BUDGET_BYTES, studentChunks } from './bundle-budget';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
// A private production build, so the test never reads a stale apps/web/dist or races `npm run build:web`.
const outDir = mkdtempSync(path.join(tmpdir(), 'goorm-web-size-'));

describe('production bundle', () => {
  let measured: ReturnType<typeof measureStudentJs>;

  beforeAll(async () => {
    // Vitest sets NODE_ENV=test, which would bundle Vue's development build; measure what ships.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.join(webRoot, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    measured = measureStudentJs(outDir);
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(`keeps the student pages under ${STUDENT_BUDGET_BYTES / 1024} KB of gzipped JavaScript`, () => {
    const kb = (measured.total / 1024).toFixed(1);
    console.log(`student pages: ${kb} KB gzipped JS in ${measured.files.length} chunks`);
    expect(measured.files.length).toBeGreaterThan(1);
    expect(measured.total).toBeLessThan(STUDENT_BUDGET_BYTES);
  });

  it('loads every student page but no staff page or staff layout', () => {
    const sources = Object.values(measured.manifest)
      .filter((c) => studentChunks(measured.manifest).includes(c))
      .map((c) => c.src ?? '');
    expect(sources).toContain('index.html');
    // The catalogue and login are in the entry chunk; the other student pages are lazy and counted too.
    for (const page of ['CartPage', 'QueuePage', 'TimetablePage', 'SectionPage']) expect(sources).toContain(`src/pages/student/${page}.vue`);
    expect(sources.filter((s) => s.includes('pages/staff/') || s.includes('StaffLayout'))).toEqual([]);
  });
});

describe('studentChunks', () => {
  it('follows static imports and lazy student pages only', () => {
    const manifest = {
      'index.html': { file: 'a/index.js', isEntry: true, imports: ['_vue.js'], dynamicImports: ['src/pages/student/CartPage.vue', 'src/pages/staff/DashboardPage.vue'] },
      '_vue.js': { file: 'a/vue.js' },
      'src/pages/student/CartPage.vue': { file: 'a/cart.js', src: 'src/pages/student/CartPage.vue', imports: ['_grid.js'] },
      '_grid.js': { file: 'a/grid.js' },
      'src/pages/staff/DashboardPage.vue': { file: 'a/dash.js', src: 'src/pages/staff/DashboardPage.vue', imports: ['_chart.js'] },
      '_chart.js': { file: 'a/chart.js' },
    };
    expect(studentChunks(manifest).map((c) => c.file).sort()).toEqual(['a/cart.js', 'a/grid.js', 'a/index.js', 'a/vue.js']);
  });
});
