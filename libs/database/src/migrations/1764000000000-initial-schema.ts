import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema, written as SQL that runs on MySQL 8 and MariaDB 10.11.
 * Foreign keys are RESTRICT everywhere: deleting something still referenced fails
 * (the API turns that into 409 IN_USE) instead of cascading silently.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const t = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE major (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      general_education TINYINT(1) NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_major_name (name)
    ) ${t}`);
    await q.query(`CREATE TABLE staff (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      login_id VARCHAR(50) NOT NULL,
      name VARCHAR(100) NOT NULL,
      password_hash VARCHAR(255) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_staff_login (login_id)
    ) ${t}`);
    await q.query(`CREATE TABLE student (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      student_no VARCHAR(20) NOT NULL,
      name VARCHAR(100) NOT NULL,
      email VARCHAR(255) NOT NULL,
      password_hash VARCHAR(255) NOT NULL,
      major_id INT UNSIGNED NOT NULL,
      grade TINYINT UNSIGNED NOT NULL,
      max_credits TINYINT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_student_no (student_no),
      KEY ix_student_major (major_id),
      CONSTRAINT fk_student_major FOREIGN KEY (major_id) REFERENCES major (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT ck_student_grade CHECK (grade BETWEEN 1 AND 6),
      CONSTRAINT ck_student_max_credits CHECK (max_credits BETWEEN 1 AND 40)
    ) ${t}`);
    await q.query(`CREATE TABLE professor (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      major_id INT UNSIGNED NOT NULL,
      PRIMARY KEY (id),
      -- GET /api/sections?professor= (name search joins through here)
      KEY ix_professor_name (name),
      KEY ix_professor_major (major_id),
      CONSTRAINT fk_professor_major FOREIGN KEY (major_id) REFERENCES major (id) ON DELETE RESTRICT ON UPDATE RESTRICT
    ) ${t}`);
    await q.query(`CREATE TABLE lecture (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      code VARCHAR(20) NOT NULL,
      name VARCHAR(200) NOT NULL,
      credits TINYINT UNSIGNED NOT NULL,
      major_id INT UNSIGNED NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_lecture_code (code),
      -- GET /api/sections?majorId=&credits= (catalogue filter by major, then credits)
      KEY ix_lecture_major_credits (major_id, credits),
      -- GET /api/sections?credits= alone
      KEY ix_lecture_credits (credits),
      -- GET /api/sections?q= prefix matches on the name
      KEY ix_lecture_name (name),
      CONSTRAINT fk_lecture_major FOREIGN KEY (major_id) REFERENCES major (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT ck_lecture_credits CHECK (credits BETWEEN 1 AND 6)
    ) ${t}`);
    await q.query(`CREATE TABLE section (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      lecture_id INT UNSIGNED NOT NULL,
      professor_id INT UNSIGNED NOT NULL,
      section_no SMALLINT UNSIGNED NOT NULL,
      capacity INT UNSIGNED NOT NULL,
      minimum INT UNSIGNED NOT NULL DEFAULT 0,
      enrolled_count INT UNSIGNED NOT NULL DEFAULT 0,
      description VARCHAR(1000) NOT NULL DEFAULT '',
      PRIMARY KEY (id),
      UNIQUE KEY uq_section_lecture_no (lecture_id, section_no),
      -- GET /api/sections?professor= and the professor double-booking check
      KEY ix_section_professor (professor_id),
      CONSTRAINT fk_section_lecture FOREIGN KEY (lecture_id) REFERENCES lecture (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT fk_section_professor FOREIGN KEY (professor_id) REFERENCES professor (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT ck_section_capacity CHECK (capacity >= 1),
      -- the last line of defence against overselling: the committer can never write more
      CONSTRAINT ck_section_enrolled CHECK (enrolled_count <= capacity)
    ) ${t}`);
    await q.query(`CREATE TABLE section_meeting (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      section_id INT UNSIGNED NOT NULL,
      day TINYINT UNSIGNED NOT NULL,
      start_period TINYINT UNSIGNED NOT NULL,
      end_period TINYINT UNSIGNED NOT NULL,
      PRIMARY KEY (id),
      -- GET /api/sections?day= (EXISTS on meetings of that day)
      KEY ix_meeting_day_section (day, section_id),
      KEY ix_meeting_section (section_id),
      CONSTRAINT fk_meeting_section FOREIGN KEY (section_id) REFERENCES section (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT ck_meeting_day CHECK (day BETWEEN 1 AND 7),
      CONSTRAINT ck_meeting_periods CHECK (start_period >= 1 AND end_period >= start_period AND end_period <= 30)
    ) ${t}`);
    await q.query(`CREATE TABLE cart_item (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      student_id INT UNSIGNED NOT NULL,
      section_id INT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_cart_student_section (student_id, section_id),
      KEY ix_cart_section (section_id),
      CONSTRAINT fk_cart_student FOREIGN KEY (student_id) REFERENCES student (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT fk_cart_section FOREIGN KEY (section_id) REFERENCES section (id) ON DELETE RESTRICT ON UPDATE RESTRICT
    ) ${t}`);
    await q.query(`CREATE TABLE enrollment (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      student_id INT UNSIGNED NOT NULL,
      section_id INT UNSIGNED NOT NULL,
      lecture_id INT UNSIGNED NOT NULL,
      credits TINYINT UNSIGNED NOT NULL,
      request_id VARCHAR(40) NOT NULL,
      enrolled_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_enrollment_student_section (student_id, section_id),
      UNIQUE KEY uq_enrollment_student_lecture (student_id, lecture_id),
      -- roster: GET /api/admin/sections/:id/roster
      KEY ix_enrollment_section (section_id),
      KEY ix_enrollment_lecture (lecture_id),
      CONSTRAINT fk_enrollment_student FOREIGN KEY (student_id) REFERENCES student (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT fk_enrollment_section FOREIGN KEY (section_id) REFERENCES section (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT fk_enrollment_lecture FOREIGN KEY (lecture_id) REFERENCES lecture (id) ON DELETE RESTRICT ON UPDATE RESTRICT
    ) ${t}`);
    await q.query(`CREATE TABLE open_time (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      starts_at DATETIME(3) NOT NULL,
      ends_at DATETIME(3) NOT NULL,
      grades TEXT NULL,
      major_ids TEXT NULL,
      queue_mode VARCHAR(20) NOT NULL DEFAULT 'FIFO',
      PRIMARY KEY (id),
      -- GET /api/open-times/current (windows around now)
      KEY ix_open_time_ends (ends_at),
      CONSTRAINT ck_open_time_order CHECK (starts_at < ends_at),
      CONSTRAINT ck_open_time_mode CHECK (queue_mode IN ('FIFO', 'RANDOM_AT_OPEN'))
    ) ${t}`);
    await q.query(`CREATE TABLE waitlist_entry (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      student_id INT UNSIGNED NOT NULL,
      section_id INT UNSIGNED NOT NULL,
      request_id VARCHAR(40) NOT NULL,
      position BIGINT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_waitlist_request (request_id),
      UNIQUE KEY uq_waitlist_student_section (student_id, section_id),
      -- promotion order: first waiting student of a section
      KEY ix_waitlist_section_position (section_id, position),
      CONSTRAINT fk_waitlist_student FOREIGN KEY (student_id) REFERENCES student (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
      CONSTRAINT fk_waitlist_section FOREIGN KEY (section_id) REFERENCES section (id) ON DELETE RESTRICT ON UPDATE RESTRICT
    ) ${t}`);
    await q.query(`CREATE TABLE decision_log (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      request_id VARCHAR(40) NOT NULL,
      seq BIGINT UNSIGNED NOT NULL,
      student_id INT UNSIGNED NOT NULL,
      section_id INT UNSIGNED NOT NULL,
      action VARCHAR(10) NOT NULL,
      outcome VARCHAR(12) NOT NULL,
      reason VARCHAR(40) NULL,
      position BIGINT UNSIGNED NULL,
      staff_id INT UNSIGNED NULL,
      decided_at DATETIME(3) NOT NULL,
      committed_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_decision_request (request_id),
      -- a student's request history (GET /api/me/requests/:id falls back here)
      KEY ix_decision_student (student_id, decided_at),
      KEY ix_decision_section (section_id),
      KEY ix_decision_seq (seq),
      -- No foreign key on section_id: a request for a section that does not exist is still a
      -- decision (SECTION_NOT_FOUND) and must be logged; one such row must never block the commit.
      CONSTRAINT fk_decision_student FOREIGN KEY (student_id) REFERENCES student (id) ON DELETE RESTRICT ON UPDATE RESTRICT
    ) ${t}`);
    await q.query(`CREATE TABLE audit_log (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      staff_id INT UNSIGNED NULL,
      action VARCHAR(20) NOT NULL,
      entity VARCHAR(40) NOT NULL,
      entity_id VARCHAR(40) NULL,
      \`before\` MEDIUMTEXT NULL,
      \`after\` MEDIUMTEXT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY ix_audit_entity (entity, entity_id),
      CONSTRAINT fk_audit_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE RESTRICT ON UPDATE RESTRICT
    ) ${t}`);
    await q.query(`CREATE TABLE engine_cursor (
      name VARCHAR(40) NOT NULL,
      committed_seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (name)
    ) ${t}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'engine_cursor', 'audit_log', 'decision_log', 'waitlist_entry', 'open_time', 'enrollment',
      'cart_item', 'section_meeting', 'section', 'lecture', 'professor', 'student', 'staff', 'major',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
