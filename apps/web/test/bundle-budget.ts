import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** Student pages must stay light on a phone at opening time (issue 5: < 300 KB gzipped JS). */
export const STUDENT_BUDGET_BYTES = 300 * 1024;

const isStudentPage = (src: string | undefined) => !!src && src.startsWith('src/pages/student/');

/**
 * JS a student can ever download: the entry, everything it imports, and every lazily loaded student
 * page with its imports. Staff pages and the staff layout are lazy chunks and must stay out.
 */
export function studentChunks(manifest: Manifest): ManifestChunk[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
    for (const lazy of manifest[key].dynamicImports ?? []) if (isStudentPage(manifest[lazy]?.src)) visit(lazy);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen].map((key) => manifest[key]!).filter((c) => c.file.endsWith('.js'));
}

export function measureStudentJs(distDir: string): { total: number; files: { file: string; gzip: number }[]; manifest: Manifest } {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const files = studentChunks(manifest).map((c) => ({ file: c.file, gzip: gzipSync(readFileSync(path.join(distDir, c.file)), { level: 9 }).length }));
  return { total: files.reduce((sum, f) => sum + f.gzip, 0), files, manifest };
}
