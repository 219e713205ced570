/** The roster's JSON shape is not pinned by the contract: accept a list, `{ items }` or `{ students }`. */
export function rosterRows(body: unknown): Record<string, unknown>[] {
  const b = body as { items?: unknown; students?: unknown; roster?: unknown } | null;
  const list = Array.isArray(body) ? body : Array.isArray(b?.items) ? b.items : Array.isArray(b?.students) ? b.students : Array.isArray(b?.roster) ? b.roster : [];
  // Flatten one level ({ student: {...}, enrolledAt }) so every column is a plain value.
  return (list as Record<string, unknown>[]).map((row) => {
    const flat: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row ?? {})) {
      if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(flat, value);
      else flat[key] = value;
    }
    return flat;
  });
}

/** Columns in first-seen order, leaving out anything secret-looking. */
export function rosterColumns(rows: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (!/password|hash/i.test(key)) seen.add(key);
  return [...seen];
}
