import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durability of accepted requests beyond Redis, and a fence for the committer.
 * - intake_journal: every request the API accepted, written by the API in small batches off the
 *   request path. A request is pending while it has a journal row and no decision_log row; when
 *   Redis loses its data, the prime puts those back in line (re-drive) instead of losing them.
 * - engine_cursor.epoch: the Redis state generation the committer may write for. A rebuild sets a
 *   new one under the cursor's row lock, so a committer still holding decisions from the old
 *   state can no longer commit them.
 */
export class IntakeJournal1764100000000 implements MigrationInterface {
  name = 'IntakeJournal1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake_journal (
      request_id VARCHAR(40) NOT NULL,
      student_id INT UNSIGNED NOT NULL,
      section_id INT UNSIGNED NOT NULL,
      position BIGINT UNSIGNED NOT NULL,
      waitlist TINYINT(1) NOT NULL DEFAULT 0,
      accepted_at DATETIME(3) NOT NULL,
      PRIMARY KEY (request_id),
      -- the re-drive reads pending requests in line order
      KEY ix_intake_position (position)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query('ALTER TABLE engine_cursor ADD COLUMN epoch VARCHAR(64) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE engine_cursor DROP COLUMN epoch');
    await q.query('DROP TABLE IF EXISTS intake_journal');
  }
}
