// Figures for one bench round: accept latency and errors from the load generator's records,
// decisions and commits from MySQL (the system of record), oversold sections, inversions.

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round1 = (x) => (x == null ? null : Math.round(x * 10) / 10);

/** Accept-side figures: every request counts, failed ones with the time they took to fail. */
export function summarizeAccepts(out) {
  const { lat, status, code } = out.records;
  const n = out.n;
  const latencies = Float64Array.from(lat).sort();
  const errors = {};
  let accepted = 0;
  let lastAccept = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] >= 200 && status[i] < 300) {
      accepted++;
      lastAccept = Math.max(lastAccept, out.records.due[i] + lat[i]);
    } else errors[code[i]] = (errors[code[i]] ?? 0) + 1;
  }
  const errorCount = n - accepted;
  return {
    sent: n, accepted, errors, errorCount, errorRate: n ? errorCount / n : 0,
    p50: round1(percentile(latencies, 50)), p95: round1(percentile(latencies, 95)), p99: round1(percentile(latencies, 99)),
    max: round1(latencies[latencies.length - 1] ?? null),
    acceptedPerSec: lastAccept > 0 ? Math.round((accepted * 1000) / lastAccept) : 0,
    latencies,
  };
}

/** Requests per section in `order`: a SECTION_FULL rejection ahead of a later grant is an inversion. */
export function countInversions(decisions) {
  const lastGrant = new Map();
  for (const d of decisions) if (d.outcome === 'ENROLLED') lastGrant.set(d.section, Math.max(lastGrant.get(d.section) ?? -Infinity, d.order));
  let inversions = 0;
  for (const d of decisions) if (d.reason === 'SECTION_FULL' && d.order < (lastGrant.get(d.section) ?? -Infinity)) inversions++;
  return inversions;
}

/** Counts of `times` (ms after T0) in buckets of `bucketMs`. */
export function series(times, bucketMs, spanMs) {
  const out = new Array(Math.max(1, Math.ceil(spanMs / bucketMs))).fill(0);
  for (const t of times) {
    const b = Math.floor(t / bucketMs);
    if (b >= 0 && b < out.length) out[b]++;
  }
  return out;
}

/** Sections whose enrollments (rows or the counter) exceed their capacity. */
export async function oversold(sql) {
  const [[row]] = await sql.query(
    `SELECT COUNT(*) AS n FROM section s LEFT JOIN (SELECT section_id, COUNT(*) AS c FROM enrollment GROUP BY section_id) e ON e.section_id = s.id
     WHERE COALESCE(e.c, 0) > s.capacity OR s.enrolled_count > s.capacity OR s.enrolled_count <> COALESCE(e.c, 0)`,
  );
  return Number(row.n);
}

/** The durable decisions of a queue round, times in ms after T0 (t0 = wall clock ms). */
export async function queueDecisions(sql, t0) {
  const [rows] = await sql.query(
    `SELECT section_id AS section, position AS pos, outcome, reason, request_id AS rid,
            UNIX_TIMESTAMP(decided_at) * 1000 - ? AS decided, UNIX_TIMESTAMP(committed_at) * 1000 - ? AS committed
     FROM decision_log WHERE action = 'ENROLL'`, [t0, t0],
  );
  return rows.map((r) => ({ section: r.section, order: Number(r.pos), outcome: r.outcome, reason: r.reason, rid: r.rid, decided: Number(r.decided), committed: Number(r.committed) }));
}

/** Reason counts of a list of decisions. */
export function outcomes(decisions) {
  const out = {};
  for (const d of decisions) {
    const k = d.outcome === 'ENROLLED' ? 'ENROLLED' : (d.reason ?? d.outcome);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
