/** One sample of the Prometheus text exposition format. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses /metrics text (comments and HELP/TYPE lines skipped). */
export function parsePrometheus(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) {
      labels[key!] = value!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const value = match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3]);
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** The first metric name present among candidates: names are owned by the ops issue and may vary. */
export function pickMetric(samples: MetricSample[], candidates: (string | RegExp)[]): string | null {
  for (const candidate of candidates) {
    const hit = samples.find((s) => (typeof candidate === 'string' ? s.name === candidate : candidate.test(s.name)));
    if (hit) return hit.name;
  }
  return null;
}

/** Sum of a metric's samples grouped by one label ('' groups everything). */
export function sumBy(samples: MetricSample[], name: string, label = ''): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = label ? (s.labels[label] ?? '') : '';
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

/** Per-second rate between two counter readings; a counter reset (process restart) counts from 0. */
export function counterRate(previous: number | undefined, current: number, elapsedMs: number): number {
  if (previous === undefined || elapsedMs <= 0) return 0;
  const delta = current >= previous ? current - previous : current;
  return delta / (elapsedMs / 1000);
}

export function ratesBy(previous: Record<string, number> | null, current: Record<string, number>, elapsedMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(current)) out[key] = counterRate(previous?.[key], value, elapsedMs);
  return out;
}

/** Fixed-length history for sparklines: oldest dropped first. */
export function pushBounded<T>(series: T[], value: T, max = 60): T[] {
  const next = [...series, value];
  return next.length > max ? next.slice(next.length - max) : next;
}
