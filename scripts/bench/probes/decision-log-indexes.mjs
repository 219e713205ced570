// Probe: MariaDB's CPU per decision_log row with the table's indexes before migration
// 1765100000000 (also on seq and section_id) and after, on two tables of a scratch database,
// multi-row INSERTs of 100 rows in a transaction as the committer writes, alternating rounds.
// `node scripts/bench/probes/decision-log-indexes.mjs [--rows N]` (MariaDB from DB_HOST/DB_PORT/DB_USER/DB_PASSWORD,
// default root@127.0.0.1:3306; the server must run on this machine, its CPU is read from /proc).
import mysql from 'mysql2/promise';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' } } });
const n = Number(values.rows);
const c = await mysql.createConnection({
  host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 3306), user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '', multipleStatements: true,
});
const db = `probe_idx_${process.pid}`;
try {
  const [[{ f }]] = await c.query('SELECT @@pid_file AS f');
  const pid = Number(readFileSync(f, 'utf8').trim());
  const cpu = () => { const x = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(x[11]) + Number(x[12])) / 100; };
  await c.query(`CREATE DATABASE ${db}; USE ${db}`);
  await c.query('CREATE TABLE student (id INT UNSIGNED PRIMARY KEY)');
  await c.query('INSERT INTO student (id) SELECT seq FROM seq_1_to_20000');
  const table = (name, extra) => c.query(`CREATE TABLE ${name} (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, request_id VARCHAR(40) NOT NULL,
    seq BIGINT UNSIGNED NOT NULL, student_id INT UNSIGNED NOT NULL, section_id INT UNSIGNED NOT NULL, action VARCHAR(10) NOT NULL,
    outcome VARCHAR(12) NOT NULL, reason VARCHAR(40) NULL, position BIGINT UNSIGNED NULL, staff_id INT UNSIGNED NULL,
    decided_at DATETIME(3) NOT NULL, committed_at DATETIME(3) NOT NULL, PRIMARY KEY (id), UNIQUE KEY uq_decision_request (request_id),
    KEY ix_decision_student (student_id, decided_at)${extra}, CONSTRAINT fk_${name} FOREIGN KEY (student_id) REFERENCES student (id))
    ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await table('before_1765100000000', ', KEY ix_decision_section (section_id), KEY ix_decision_seq (seq)');
  await table('after_1765100000000', '');
  let seq = 0;
  const round = async (t) => {
    const c0 = cpu();
    for (let i = 0; i < n; i += 100) {
      const rows = Array.from({ length: 100 }, () => { seq++; return `('${randomUUID()}', ${seq}, ${1 + ((seq * 7919) % 20000)}, ${1 + ((seq * 31) % 2000)}, 'ENROLL', 'REJECTED', 'SECTION_FULL', ${seq}, NULL, NOW(3), NOW(3))`; });
      await c.query(`START TRANSACTION; INSERT INTO ${t} (request_id, seq, student_id, section_id, action, outcome, reason, position, staff_id, decided_at, committed_at) VALUES ${rows.join(', ')}; COMMIT`);
    }
    return Math.round(((cpu() - c0) / n) * 1e7) / 10;
  };
  const out = { before: [], after: [] };
  for (let r = 0; r < 3; r++) {
    for (const t of r % 2 ? ['after', 'before'] : ['before', 'after']) out[t].push(await round(`${t}_1765100000000`));
  }
  console.log(`MariaDB µs of CPU per decision_log row (3 alternating rounds of ${n}): with the seq and section indexes ${out.before.join(', ')}; without ${out.after.join(', ')}`);
  console.log(JSON.stringify({ withIndexesUsPerRow: out.before, withoutUsPerRow: out.after }));
} finally {
  await c.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => {});
  await c.end();
}
