import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * decision_log records every decision the engine made, including one for a student staff deleted
 * after the request was accepted (its token was still valid, or it waited in line). With a foreign
 * key on student_id that row could not be written, and the batch holding it failed on every retry:
 * no decision after it became durable. section_id has never had one for the same reason. The
 * index on (student_id, decided_at) stays: a student's history is read through it.
 */
export class DecisionLogAnyStudent1765200000000 implements MigrationInterface {
  name = 'DecisionLogAnyStudent1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE decision_log DROP FOREIGN KEY fk_decision_student');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE decision_log ADD CONSTRAINT fk_decision_student FOREIGN KEY (student_id) REFERENCES student (id) ON DELETE RESTRICT ON UPDATE RESTRICT');
  }
}
