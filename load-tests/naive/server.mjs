// BASELINE — NOT THE PRODUCT. The design a team writes by default, kept only so `npm run bench`
// can measure ours beside it: no queue, no Redis; every enroll request is decided synchronously
// in one MySQL transaction, row locks doing the serialising.
//
//   POST /naive/enrollments { sectionId }   header X-Student-Id (a baseline: no tokens)
//     → 200 { status: "ENROLLED" | "REJECTED", reason? }   (a decision, durable when answered)
//     → 403 REGISTRATION_CLOSED, 400 VALIDATION_FAILED, 404 NOT_FOUND, 500 INTERNAL
//   GET /health → 200 { inflight, lastDecisionAt }
//
// The same rules in the same order as the engine's Lua gate (libs/engine/src/lua/includes/
// decideEnroll.lua): window (cached 2 s, as the API does), SECTION_NOT_FOUND, NOT_ELIGIBLE,
// ALREADY_ENROLLED, SAME_LECTURE_ENROLLED, CREDIT_LIMIT_EXCEEDED, TIME_CONFLICT, SECTION_FULL.
// Not a straw man: the student row is locked first (so one student's parallel clicks cannot
// both pass the credit check) and the hot section row as late as the rules allow, so its lock
// is held only for the seat check, the INSERT and the commit; deadlocks are retried.
//
// Env: PORT (0 = any), HOST (127.0.0.1), DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME,
// NAIVE_POOL_SIZE (32). Prints "listening <url>" once ready. SIGTERM stops it.
import Fastify from 'fastify';
import mysql from 'mysql2/promise';

const env = process.env;
const pool = mysql.createPool({
  host: env.DB_HOST ?? '127.0.0.1', port: Number(env.DB_PORT ?? 3306), user: env.DB_USER ?? 'root',
  password: env.DB_PASSWORD ?? '', database: env.DB_NAME ?? 'goorm',
  connectionLimit: Number(env.NAIVE_POOL_SIZE ?? 32), waitForConnections: true, queueLimit: 0,
});

const WINDOW_TTL_MS = 2000;
let windows = { at: 0, list: [] };
// Read on the request's own connection: asking the pool for a second one while holding a student
// lock deadlocks the pool under load (every connection waiting for a free one).
async function openWindowFor(c, student, now = Date.now()) {
  if (now - windows.at >= WINDOW_TTL_MS) {
    const [rows] = await c.query('SELECT starts_at, ends_at, grades, major_ids FROM open_time WHERE ends_at > NOW(3)');
    windows = {
      at: now,
      list: rows.map((r) => ({ start: new Date(r.starts_at).getTime(), end: new Date(r.ends_at).getTime(), grades: r.grades ? JSON.parse(r.grades) : null, majors: r.major_ids ? JSON.parse(r.major_ids) : null })),
    };
  }
  return windows.list.some((w) => w.start <= now && now < w.end && (!w.grades || w.grades.includes(student.grade)) && (!w.majors || w.majors.includes(student.major_id)));
}

class Closed extends Error {}
const DEADLOCK = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/** One request, one transaction. Returns { status, reason? }. */
async function enroll(studentId, sectionId) {
  for (let attempt = 1; ; attempt++) {
    const c = await pool.getConnection();
    try {
      await c.query('START TRANSACTION');
      const [[student]] = await c.execute('SELECT id, grade, major_id, max_credits FROM student WHERE id = ? FOR UPDATE', [studentId]);
      if (!student) { await c.query('ROLLBACK'); return null; }
      if (!(await openWindowFor(c, student))) { await c.query('ROLLBACK'); throw new Closed(); }
      const result = await decide(c, student, sectionId);
      await c.query(result.status === 'ENROLLED' ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      if (DEADLOCK.has(err.code) && attempt < 4) continue;
      throw err;
    } finally {
      c.release();
    }
  }
}

async function decide(c, student, sectionId) {
  const reject = (reason) => ({ status: 'REJECTED', reason });
  const [[sec]] = await c.execute(
    'SELECT s.id, s.lecture_id, l.credits, l.major_id, m.general_education FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE s.id = ?',
    [sectionId],
  );
  if (!sec) return reject('SECTION_NOT_FOUND');
  if (!sec.general_education && sec.major_id !== student.major_id) return reject('NOT_ELIGIBLE');
  const [mine] = await c.execute('SELECT section_id, lecture_id, credits FROM enrollment WHERE student_id = ?', [student.id]);
  if (mine.some((e) => e.section_id === sectionId)) return reject('ALREADY_ENROLLED');
  if (mine.some((e) => e.lecture_id === sec.lecture_id)) return reject('SAME_LECTURE_ENROLLED');
  const credits = mine.reduce((sum, e) => sum + e.credits, 0);
  if (credits + sec.credits > student.max_credits) return reject('CREDIT_LIMIT_EXCEEDED');
  if (mine.length > 0) {
    const [clash] = await c.query(
      `SELECT 1 FROM section_meeting a JOIN section_meeting b ON a.day = b.day AND a.start_period <= b.end_period AND b.start_period <= a.end_period
       WHERE a.section_id = ? AND b.section_id IN (?) LIMIT 1`,
      [sectionId, mine.map((e) => e.section_id)],
    );
    if (clash.length) return reject('TIME_CONFLICT');
  }
  const [[seats]] = await c.execute('SELECT capacity, enrolled_count FROM section WHERE id = ? FOR UPDATE', [sectionId]);
  if (seats.enrolled_count >= seats.capacity) return reject('SECTION_FULL');
  await c.execute(
    'INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES (?, ?, ?, ?, UUID(), NOW(3))',
    [student.id, sectionId, sec.lecture_id, sec.credits],
  );
  await c.execute('UPDATE section SET enrolled_count = enrolled_count + 1 WHERE id = ?', [sectionId]);
  return { status: 'ENROLLED' };
}

// In flight and the wall-clock time of the last decision: the bench waits for inflight = 0
// after its arrivals end (requests a client gave up on are still decided) and reads the drain.
let inflight = 0;
let lastDecisionAt = 0;

const app = Fastify({ logger: false });
const error = (reply, statusCode, code, message) => reply.code(statusCode).send({ statusCode, code, message });
app.get('/health', async () => ({ status: 'ok', baseline: true, inflight, lastDecisionAt }));
app.post('/naive/enrollments', async (req, reply) => {
  const studentId = Number(req.headers['x-student-id']);
  const sectionId = Number(req.body?.sectionId);
  if (!Number.isInteger(studentId) || studentId < 1 || !Number.isInteger(sectionId) || sectionId < 1) {
    return error(reply, 400, 'VALIDATION_FAILED', 'X-Student-Id and sectionId must be positive integers');
  }
  inflight++;
  try {
    const result = await enroll(studentId, sectionId);
    if (!result) return error(reply, 404, 'NOT_FOUND', 'Student was not found.');
    lastDecisionAt = Date.now();
    return result;
  } catch (err) {
    if (err instanceof Closed) return error(reply, 403, 'REGISTRATION_CLOSED', 'No registration window is open for you right now.');
    return error(reply, 500, err.code === 'ER_LOCK_DEADLOCK' ? 'DEADLOCK' : 'INTERNAL', 'The enrollment failed.');
  } finally {
    inflight--;
  }
});

const stop = async () => { await app.close().catch(() => {}); await pool.end().catch(() => {}); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
const url = await app.listen({ port: Number(env.PORT ?? 0), host: env.HOST ?? '127.0.0.1' });
process.stdout.write(`listening ${url}\n`);
