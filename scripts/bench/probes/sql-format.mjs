// Probe: CPU to build the committer's decision_log INSERT for a batch of 100 decisions, written as
// checked literals (the committer's own decisionLogRow, libs/engine commit.repository.ts) against mysql2's
// placeholder formatting (what it did before), alternating, in one process. Needs a built dist/.
// `node scripts/bench/probes/sql-format.mjs [--batches N]`
import { format } from 'mysql2';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { decisionLogRow } from '../../../dist/libs/engine/src/commit.repository.js';
import { utc } from '../../../dist/libs/engine/src/sql-literals.js';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '3000' } } });
const rows = 100;
const batches = Number(values.batches);
const entries = Array.from({ length: rows }, (_, i) => ({
  requestId: randomUUID(), seq: 1e6 + i, studentId: 1000 + i, sectionId: 50 + (i % 40), action: 'ENROLL',
  outcome: i % 2 ? 'ENROLLED' : 'REJECTED', reason: i % 2 ? null : 'SECTION_FULL', position: 5e5 + i, staffId: null, decidedAt: Date.now(),
}));
const head = 'INSERT INTO decision_log (request_id, seq, student_id, section_id, action, outcome, reason, position, staff_id, decided_at, committed_at) VALUES ';
const placeholders = () => {
  const now = new Date();
  return format(head + entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '),
    entries.flatMap((e) => [e.requestId, e.seq, e.studentId, e.sectionId, e.action, e.outcome, e.reason, e.position, e.staffId, new Date(e.decidedAt), now]), false, 'Z');
};
const literals = () => {
  const now = utc(Date.now());
  return head + entries.map((e) => decisionLogRow(e, now)).join(', ');
};
// The same statement either way, up to committed_at's millisecond.
const strip = (sql) => sql.replace(/'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}'\)/g, "'T')");
if (strip(placeholders()) !== strip(literals())) throw new Error('the two formatters disagree');
const out = { placeholders: [], literals: [] };
for (let round = 0; round < 4; round++) {
  for (const [name, fn] of round % 2 ? [['literals', literals], ['placeholders', placeholders]] : [['placeholders', placeholders], ['literals', literals]]) {
    for (let i = 0; i < 300; i++) fn(); // warm
    const t = process.cpuUsage();
    for (let i = 0; i < batches; i++) fn();
    const u = process.cpuUsage(t);
    out[name].push(Math.round(((u.user + u.system) / batches / rows) * 100) / 100);
  }
}
console.log(`µs of CPU per decision_log row (4 alternating rounds of ${batches} batches of ${rows}): placeholders ${out.placeholders.join(', ')}; literals ${out.literals.join(', ')}`);
console.log(JSON.stringify({ placeholdersUsPerRow: out.placeholders, literalsUsPerRow: out.literals }));
