import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * decision_log is written once per decision, on the engine's hottest write path, and read by
 * request id (uq_decision_request) and by student (ix_decision_student) only. Its indexes on seq
 * and section_id served no query: each cost MariaDB a secondary-index insert per decision (with
 * them 19.7–29 µs of MariaDB CPU per row here, without 15.7–22.7 µs:
 * scripts/bench/probes/decision-log-indexes.mjs).
 * Commit order lives in engine_cursor, and a section's decisions are read only by tests.
 */
export class DecisionLogLeanIndexes1765100000000 implements MigrationInterface {
  name = 'DecisionLogLeanIndexes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE decision_log DROP INDEX ix_decision_seq, DROP INDEX ix_decision_section');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE decision_log ADD KEY ix_decision_section (section_id), ADD KEY ix_decision_seq (seq)');
  }
}
