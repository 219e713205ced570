/** Words of PromQL that look like metric names but are not. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects. A small scanner rather than a parser: it drops
 * strings, label matchers, ranges and label lists, then keeps identifiers that are not calls,
 * keywords or parts of numbers and durations. Good for the queries this repo writes.
 */
export function metricNames(expr: string): string[] {
  const s = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of s.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = m[0];
    const before = s[m.index - 1] ?? ' ';
    const after = s.slice(m.index + word.length);
    if (KEYWORDS.has(word) || /[0-9.$]/.test(before) || /^\s*\(/.test(after)) continue;
    names.add(word);
  }
  return [...names];
}

/** Grafana's macros replaced by something Prometheus parses. */
export const withoutGrafanaMacros = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m');
