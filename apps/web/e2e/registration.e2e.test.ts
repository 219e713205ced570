// @vitest-environment node
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page as ListPage, Section } from '@/api/types';
import { toLocalInput } from '@/composables/useDateTime';
import { schedulesOverlap } from '@/composables/useTimetable';
import { apiClient } from './support/api-client';
import { startStack, whyNotRunnable, type Stack } from './support/stack';

/**
 * Issue 5's end-to-end scenarios in headless Chromium (Debian's package, never a downloaded browser)
 * against the real API, worker, MariaDB and Redis: a staff member opens a registration window and
 * watches the dashboard while students enroll; a student filters the catalogue, fills the cart,
 * enrolls from it, watches the waiting line, and sees the decisions and the timetable.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SHOTS = path.join(repoRoot, '.artifacts/screenshots');
const WINDOW_NAME = 'E2E 수강신청';
const skipReason = whyNotRunnable(CHROMIUM);
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

let stack: Stack;
let api: ReturnType<typeof apiClient>;
let browser: Browser;
let staff: Page;
let student: Page;
let chosen: Section[] = [];
let studentId: number;

/**
 * A general-education section the e2e student could take beside `holding` (no clash, another lecture,
 * within the credit limit) that nobody holds yet; `scenario` names the test in the error.
 */
async function freeSectionFor(studentNo: string, maxCredits: number, holding: Section[], scenario: string): Promise<Section> {
  const ge = await api.call<ListPage<Section>>('GET', '/api/sections?generalEducation=true&size=100', await api.loginStudent(studentNo));
  const held = holding.reduce((sum, c) => sum + c.credits, 0);
  const target = ge.body.items.find((s) => s.enrolled === 0 && !holding.some((c) => c.id === s.id || c.lectureId === s.lectureId || schedulesOverlap(c.meetings, s.meetings))
    && held + s.credits <= Number(maxCredits));
  if (!target) throw new Error(`the seeded catalogue has no section left for the ${scenario} scenario`);
  return target;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
const tileValue = async (key: string) => (await staff.getByTestId(`tile-${key}`).getByTestId('tile-value').textContent())?.trim() ?? '';
const asNumber = (text: string) => Number(text.replace(/[^\d.]/g, '') || 'NaN');

/** Two general-education sections of different courses, at different times, that fit the credit limit. */
function pickTwo(sections: Section[], maxCredits: number): Section[] {
  for (const a of sections) {
    for (const b of sections) {
      if (a.id >= b.id || a.lectureId === b.lectureId || schedulesOverlap(a.meetings, b.meetings)) continue;
      if (a.credits + b.credits <= maxCredits && a.remaining >= 3 && b.remaining >= 3) return [a, b];
    }
  }
  throw new Error('the seeded catalogue has no two compatible general-education sections');
}

beforeAll(async () => {
  if (skipReason) return;
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack();
  api = apiClient(stack.base);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const timezoneId = Intl.DateTimeFormat().resolvedOptions().timeZone;
  staff = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId, locale: 'ko-KR' })).newPage();
  student = await (await browser.newContext({ viewport: { width: 1100, height: 900 }, timezoneId, locale: 'ko-KR' })).newPage();
  for (const [name, page] of [['staff', staff], ['student', student]] as const) {
    page.on('pageerror', (err) => process.stderr.write(`[${name} page] ${err.message}\n`));
    page.on('console', (msg) => msg.type() === 'error' && process.stderr.write(`[${name} console] ${msg.text()}\n`));
  }
}, 240_000);

// A failed step leaves both screens behind in the git-ignored folder, to see what the user saw.
afterEach(async (ctx) => {
  if (skipReason || ctx.task.result?.state !== 'fail') return;
  await Promise.all([shot(staff, `failed-staff`), shot(student, `failed-student`)]).catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
}, 60_000);

describe.skipIf(!!skipReason)('registration day in the browser', () => {
  it('a staff member signs in and opens a registration window with the date-time pickers', async () => {
    await staff.goto(`${stack.base}/staff/login`);
    await staff.getByTestId('login-id').fill('admin');
    await staff.getByTestId('login-password').fill('admin1234!');
    await staff.getByTestId('login-submit').click();
    await staff.waitForURL('**/staff/dashboard');

    await staff.getByRole('link', { name: '수강신청 기간' }).click();
    await staff.getByTestId('create').click();
    // Inline validation before anything is sent.
    await staff.getByTestId('form-save').click();
    await expect.poll(() => staff.locator('.field__error:not(:empty)').count()).toBeGreaterThan(0);

    await staff.getByTestId('field-name').fill(WINDOW_NAME);
    await staff.getByTestId('field-startsAt').fill(toLocalInput(new Date(Date.now() - 120_000).toISOString()));
    await staff.getByTestId('field-endsAt').fill(toLocalInput(new Date(Date.now() + 2 * 3600_000).toISOString()));
    await staff.getByTestId('form-save').click();
    await staff.getByTestId('resource-table').getByText(WINDOW_NAME).waitFor();

    const [rows] = (await stack.env.sql.query('SELECT name, grades, major_ids FROM open_time')) as unknown as [{ name: string; grades: unknown; major_ids: unknown }[]];
    expect(rows).toEqual([{ name: WINDOW_NAME, grades: null, major_ids: null }]);

    // The change log shows who created it (the API kept an audit log no screen showed).
    await staff.getByRole('link', { name: '변경 기록' }).click();
    await staff.getByTestId('audit-entity').selectOption('open_time');
    await expect.poll(() => staff.getByTestId('audit-table').locator('tbody tr').first().textContent()).toContain(WINDOW_NAME);

    await staff.getByRole('link', { name: '실시간 현황' }).click();
    await staff.getByTestId('tile-inLine').waitFor();
  }, 60_000);

  it('a student filters the catalogue and puts two sections in the cart', async () => {
    const [[me]] = (await stack.env.sql.query('SELECT id, student_no AS studentNo, max_credits AS maxCredits FROM student ORDER BY id LIMIT 1')) as unknown as [
      [{ id: number; studentNo: string; maxCredits: number }],
    ];
    studentId = Number(me.id);
    const token = await api.loginStudent(me.studentNo);
    const ge = await api.call<ListPage<Section>>('GET', '/api/sections?generalEducation=true&hasSeats=true&size=100', token);
    chosen = pickTwo(ge.body.items, Number(me.maxCredits));

    await student.goto(`${stack.base}/student/cart`);
    await student.waitForURL(/\/login\?redirect=/);
    await student.getByTestId('login-id').fill(me.studentNo);
    await student.getByTestId('login-password').fill('student1234!');
    await student.getByTestId('login-submit').click();
    await student.waitForURL('**/student/cart');
    await student.getByRole('link', { name: '강의 검색', exact: true }).click();

    await student.getByTestId('filter-ge').selectOption('true');
    await student.getByTestId('filter-has-seats').check();
    await student.waitForURL(/generalEducation=true.*hasSeats=true|hasSeats=true.*generalEducation=true/);
    await student.getByTestId('section-card').first().waitFor();
    await expect.poll(async () => asNumber((await student.getByTestId('result-count').textContent()) ?? '')).toBe(ge.body.total);
    // A filter changes the query, not the page: the keyboard stays on the control (it jumped to the heading).
    await student.getByTestId('filter-has-seats').focus();
    await student.keyboard.press('Space');
    await student.waitForURL((url) => !url.search.includes('hasSeats=true'));
    await student.getByTestId('section-card').first().waitFor();
    expect(await student.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-has-seats');
    await student.keyboard.press('Space');
    await student.waitForURL(/hasSeats=true/);
    await shot(student, 'student-catalogue');

    for (const section of chosen) {
      await student.getByTestId('filter-q').fill(section.lectureCode);
      await student.getByTestId('filter-submit').click();
      const card = student.locator(`[data-section-id="${section.id}"]`);
      await card.getByTestId('add-to-cart').click();
      await expect.poll(() => card.getByTestId('add-to-cart').textContent()).toContain('담김');
    }

    await student.getByRole('link', { name: /^장바구니/ }).click();
    await expect.poll(() => student.getByTestId('cart-item').count()).toBe(2);
    await expect.poll(() => student.getByTestId('countdown').getAttribute('class')).toContain('countdown--open');
  }, 90_000);

  it('enrolls from the cart, watches the line move, and sees both decisions and the timetable', async () => {
    // Hold decisions back and put other students ahead in line, so the line is visibly long.
    await stack.stopWorker();
    const [others] = (await stack.env.sql.query('SELECT student_no AS studentNo FROM student WHERE id <> ? ORDER BY id LIMIT 30', [studentId])) as unknown as [
      { studentNo: string }[],
    ];
    const ge = await api.call<ListPage<Section>>('GET', '/api/sections?generalEducation=true&size=100', await api.loginStudent(others[0]!.studentNo));
    const targets = ge.body.items.filter((s) => !chosen.some((c) => c.id === s.id)).slice(0, 8);
    let queuedAhead = 0;
    await Promise.all(
      others.map(async ({ studentNo }) => {
        const token = await api.loginStudent(studentNo);
        for (const s of targets) {
          const r = await api.call('POST', '/api/me/enrollments', token, { sectionId: s.id }, { 'Idempotency-Key': `e2e-${studentNo}-${s.id}` });
          if (r.status === 202) queuedAhead++;
        }
      }),
    );
    expect(queuedAhead).toBeGreaterThan(100);

    await student.getByTestId('enroll-all').click();
    await student.waitForURL('**/student/queue');
    const cards = student.getByTestId('request-card');
    await expect.poll(() => cards.count()).toBe(2);
    await student.getByTestId('ahead').first().waitFor({ timeout: 15_000 });
    expect(await student.locator('[data-testid="request-card"][data-status="QUEUED"]').count()).toBe(2);
    expect(asNumber((await student.getByTestId('ahead').first().textContent()) ?? '')).toBeGreaterThan(0);
    await shot(student, 'waiting-line');

    // The staff dashboard sees the line.
    await expect.poll(async () => asNumber(await tileValue('inLine')), { timeout: 10_000 }).toBeGreaterThan(100);

    await stack.startWorker();
    await expect.poll(() => student.locator('[data-testid="request-card"][data-status="ENROLLED"]').count(), { timeout: 60_000 }).toBe(2);

    // …and its counters move while the line drains.
    await expect.poll(async () => asNumber(await tileValue('decidedPerSecond')), { timeout: 15_000 }).toBeGreaterThan(0);
    await staff.getByTestId('panel-seats').locator('table').waitFor({ timeout: 20_000 });
    await shot(staff, 'staff-dashboard');
    await expect.poll(async () => asNumber(await tileValue('inLine')), { timeout: 60_000 }).toBe(0);

    await student.getByRole('link', { name: '시간표', exact: true }).click();
    for (const s of chosen) await student.locator(`[data-testid="timetable-block"][data-section="${s.id}"]`).first().waitFor();
    const credits = chosen.reduce((sum, s) => sum + s.credits, 0);
    await expect.poll(() => student.getByTestId('credits').textContent()).toContain(`${credits} /`);
    await shot(student, 'timetable');

    const [[row]] = (await stack.env.sql.query('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = ?', [studentId])) as unknown as [[{ n: number }]];
    expect(Number(row.n)).toBe(2);

    // The language switch: English everywhere, remembered across pages.
    await student.getByTestId('locale').selectOption('en');
    await expect.poll(() => student.locator('main h1').textContent()).toBe('Timetable');
    await student.getByRole('link', { name: 'Courses', exact: true }).click();
    await expect.poll(() => student.locator('main h1').textContent()).toBe('Find courses');
  }, 180_000);

  it('a student waiting for a full section leaves its waitlist from the queue page: the request is withdrawn, never enrolled', async () => {
    const staffLogin = await api.call<{ accessToken: string }>('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' });
    const staffToken = staffLogin.body.accessToken;
    const [[me]] = (await stack.env.sql.query('SELECT student_no AS studentNo, max_credits AS maxCredits FROM student WHERE id = ?', [studentId])) as unknown as [
      [{ studentNo: string; maxCredits: number }],
    ];
    const target = await freeSectionFor(me.studentNo, me.maxCredits, chosen, 'waitlist');
    // One seat, taken by someone else; requests that find it full wait.
    expect((await api.call('PATCH', `/api/admin/sections/${target.id}`, staffToken, { capacity: 1, minimum: 0, waitlist: true })).status).toBe(200);
    const [[other]] = (await stack.env.sql.query('SELECT student_no AS studentNo FROM student WHERE id <> ? ORDER BY id LIMIT 1 OFFSET 40', [studentId])) as unknown as [[{ studentNo: string }]];
    const otherToken = await api.loginStudent(other.studentNo);
    const taken = await api.call<{ requestId: string }>('POST', '/api/me/enrollments', otherToken, { sectionId: target.id });
    await expect.poll(async () => (await api.call<{ status: string }>('GET', `/api/me/requests/${taken.body.requestId}`, otherToken)).body.status, { timeout: 15_000 }).toBe('ENROLLED');

    await student.goto(`${stack.base}/student/catalogue?q=${encodeURIComponent(target.lectureCode)}`);
    const card = student.locator(`[data-section-id="${target.id}"]`);
    // Leave the page only once the enroll call has its answer: navigating away can cancel it in flight.
    const [enrolled] = await Promise.all([
      student.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/me/enrollments')),
      card.getByTestId('enroll-now').click(),
    ]);
    expect(enrolled.status()).toBe(202);
    await student.goto(`${stack.base}/student/queue`);
    const waiting = student.locator(`[data-testid="request-card"][data-status="WAITLISTED"]`);
    await waiting.first().waitFor({ timeout: 20_000 });
    // After the reload the cards name their sections again (they showed "#id" for any not seen since).
    await expect.poll(() => waiting.first().locator('h3').textContent()).toBe(`${target.lectureName} (Section ${target.sectionNo})`); // English since the language test
    await shot(student, 'waitlisted');
    await waiting.first().getByTestId('leave-waitlist').click();
    await student.locator(`[data-testid="request-card"][data-status="CANCELLED"]`).first().waitFor({ timeout: 10_000 });
    await expect.poll(async () => {
      const [[row]] = (await stack.env.sql.query("SELECT COUNT(*) AS n FROM decision_log WHERE student_id = ? AND section_id = ? AND outcome = 'CANCELLED'", [studentId, target.id])) as unknown as [[{ n: number }]];
      return Number(row.n);
    }, { timeout: 10_000 }).toBe(1);
    // The seat frees up: the next one waiting would get it, not this student.
    expect((await api.call('DELETE', `/api/me/enrollments/${target.id}`, otherToken)).status).toBe(200);
    const [[mine]] = (await stack.env.sql.query('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = ? AND section_id = ?', [studentId, target.id])) as unknown as [[{ n: number }]];
    expect(Number(mine.n)).toBe(0);
  }, 90_000);

  it('a waitlisted request turns Enrolled on the queue page when a seat frees up, without a reload', async () => {
    const staffToken = (await api.call<{ accessToken: string }>('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' })).body.accessToken;
    const [[me]] = (await stack.env.sql.query('SELECT student_no AS studentNo, max_credits AS maxCredits FROM student WHERE id = ?', [studentId])) as unknown as [
      [{ studentNo: string; maxCredits: number }],
    ];
    const mine = (await api.call<{ section: Section }[]>('GET', '/api/me/enrollments', await api.loginStudent(me.studentNo))).body.map((e) => e.section);
    const target = await freeSectionFor(me.studentNo, me.maxCredits, mine, 'promotion');
    expect((await api.call('PATCH', `/api/admin/sections/${target.id}`, staffToken, { capacity: 1, minimum: 0, waitlist: true })).status).toBe(200);
    const [[other]] = (await stack.env.sql.query('SELECT id, student_no AS studentNo FROM student WHERE id <> ? ORDER BY id LIMIT 1 OFFSET 41', [studentId])) as unknown as [[{ id: number; studentNo: string }]];
    const otherToken = await api.loginStudent(other.studentNo);
    const taken = await api.call<{ requestId: string }>('POST', '/api/me/enrollments', otherToken, { sectionId: target.id });
    await expect.poll(async () => (await api.call<{ status: string }>('GET', `/api/me/requests/${taken.body.requestId}`, otherToken)).body.status, { timeout: 15_000 }).toBe('ENROLLED');

    await student.goto(`${stack.base}/student/catalogue?q=${encodeURIComponent(target.lectureCode)}`);
    const [enrolled] = await Promise.all([
      student.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/me/enrollments')),
      student.locator(`[data-section-id="${target.id}"]`).getByTestId('enroll-now').click(),
    ]);
    const { requestId } = (await enrolled.json()) as { requestId: string };
    await student.goto(`${stack.base}/student/queue`);
    const card = student.locator(`[data-testid="request-card"][data-request-id="${requestId}"]`);
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 20_000 }).toBe('WAITLISTED');
    // Staff drop the seat holder: the waitlist's first (this student) is promoted; the open page shows it.
    expect((await api.call('DELETE', `/api/admin/students/${other.id}/enrollments/${target.id}`, staffToken)).status).toBe(200);
    // Before: the page stopped following the request once it was waitlisted, and said so until a reload (and after it).
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 20_000 }).toBe('ENROLLED');
  }, 90_000);

  it('staff act for another student, then read the roster and download it as CSV', async () => {
    const section = chosen[0]!;
    const [[other]] = (await stack.env.sql.query('SELECT id, student_no AS studentNo FROM student WHERE id <> ? ORDER BY id DESC LIMIT 1', [studentId])) as unknown as [
      [{ id: number; studentNo: string }],
    ];
    // Staff find the student by number among thousands (the list had only Prev/Next).
    await staff.goto(`${stack.base}/staff/students`);
    await staff.getByTestId('resource-search').locator('input').fill(other.studentNo);
    await staff.getByTestId('resource-search').getByRole('button').click();
    await expect.poll(() => staff.getByTestId('resource-table').locator('tbody tr').count()).toBe(1);
    expect(await staff.getByTestId('resource-table').locator('tbody tr').first().textContent()).toContain(other.studentNo);
    await staff.goto(`${stack.base}/staff/students/${other.id}/act`);
    await staff.locator('input[type="number"]').fill(String(section.id));
    await staff.getByRole('button', { name: '신청', exact: true }).first().click();
    await expect.poll(() => staff.getByTestId('toast').textContent()).toContain('신청 완료');
    // The page lists what the student now holds (staff typed section ids with no view of it).
    await expect.poll(() => staff.getByTestId('act-enrollments').textContent()).toContain(`#${section.id}`);

    await staff.goto(`${stack.base}/staff/sections/${section.id}/roster`);
    const table = staff.locator('main table');
    await table.getByText(other.studentNo, { exact: true }).waitFor();
    const [[me]] = (await stack.env.sql.query('SELECT student_no AS studentNo FROM student WHERE id = ?', [studentId])) as unknown as [[{ studentNo: string }]];
    await table.getByText(me.studentNo, { exact: true }).waitFor();

    const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toBe(`roster-section-${section.id}.csv`);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      }, reject);
    });
    expect(csv).toContain(other.studentNo);
    expect(csv).toContain(me.studentNo);

    // Staff drop the other student from the roster (it asks first); the row goes, the seat is freed.
    staff.once('dialog', (d) => void d.accept());
    await table.locator('tr', { hasText: other.studentNo }).getByTestId('roster-drop').click();
    await table.getByText(other.studentNo, { exact: true }).waitFor({ state: 'detached' });
    await table.getByText(me.studentNo, { exact: true }).waitFor();
    const [[gone]] = (await stack.env.sql.query('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = ? AND section_id = ?', [other.id, section.id])) as unknown as [[{ n: number }]];
    expect(Number(gone.n)).toBe(0);
  }, 60_000);

  it('an opening draw: the request card says when places are drawn, the dashboard counts it, then the decision comes', async () => {
    const login = await api.call<{ accessToken: string }>('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' });
    const [[win]] = (await stack.env.sql.query('SELECT id FROM open_time LIMIT 1')) as unknown as [[{ id: number }]];
    // The window restarts now as an opening draw (a staff change drops the API's window cache at once).
    const patched = await api.call('PATCH', `/api/admin/open-times/${win.id}`, login.body.accessToken, { startsAt: new Date().toISOString(), queueMode: 'RANDOM_AT_OPEN' });
    expect(patched.status).toBe(200);
    await staff.goto(`${stack.base}/staff/dashboard`);

    await student.goto(`${stack.base}/student/catalogue?generalEducation=true&hasSeats=true`);
    await student.getByTestId('section-card').first().waitFor();
    // Leave the page only once the enroll call has its answer: navigating away can cancel it in flight.
    await Promise.all([
      student.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/me/enrollments')),
      student.locator('[data-testid="enroll-now"]:not([disabled])').first().click(),
    ]);
    await student.goto(`${stack.base}/student/queue`);
    const drawing = student.locator('[data-testid="request-card"][data-status="QUEUED"]');
    await drawing.getByTestId('draw').waitFor({ timeout: 10_000 });
    await shot(student, 'opening-draw');
    await expect.poll(async () => asNumber(await tileValue('inDraw')), { timeout: 5_000 }).toBe(1);
    // Held after RANDOM_AT_OPEN_SECONDS (6 s in this stack): the request gets its place and its decision.
    await expect.poll(() => drawing.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => asNumber(await tileValue('inDraw')), { timeout: 5_000 }).toBe(0);
    const [[row]] = (await stack.env.sql.query('SELECT COUNT(*) AS n FROM decision_log WHERE student_id = ? AND position > 0 AND decided_at >= ?', [studentId, new Date(Date.now() - 60_000)])) as unknown as [[{ n: number }]];
    expect(Number(row.n)).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('a student changes their password on the account page (a wrong current one is said so)', async () => {
    const [[me]] = (await stack.env.sql.query('SELECT student_no AS studentNo FROM student WHERE id = ?', [studentId])) as unknown as [[{ studentNo: string }]];
    await student.getByTestId('student-name').click();
    await student.waitForURL('**/student/account');
    await student.getByTestId('account-profile').getByText(me.studentNo, { exact: true }).waitFor();
    const fill = async (current: string, next: string) => {
      await student.getByTestId('password-current').fill(current);
      await student.getByTestId('password-new').fill(next);
      await student.getByTestId('password-again').fill(next);
      await student.getByTestId('password-submit').click();
    };
    await fill('not-my-password', 'e2e-new-pass-1');
    await expect.poll(() => student.getByTestId('toast').textContent()).toMatch(/current password|현재 비밀번호/);
    await fill('student1234!', 'e2e-new-pass-1');
    await expect.poll(() => student.getByTestId('toast').textContent()).toMatch(/was changed|바꿨습니다/);
    expect((await api.call('POST', '/api/auth/student/login', undefined, { studentNo: me.studentNo, password: 'e2e-new-pass-1' })).status).toBe(200);
    expect((await api.call('POST', '/api/auth/student/login', undefined, { studentNo: me.studentNo, password: 'student1234!' })).status).toBe(401);
  }, 60_000);
});
