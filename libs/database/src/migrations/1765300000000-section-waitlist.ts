import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A section may put every request that finds it full on its waitlist (staff's setting), besides a
 * student opting in per request. The engine read such a flag from Redis but nothing could set it,
 * and a full prime reset it: it is a column now, which every load into Redis reads.
 */
export class SectionWaitlist1765300000000 implements MigrationInterface {
  name = 'SectionWaitlist1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE section ADD COLUMN waitlist_enabled TINYINT(1) NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE section DROP COLUMN waitlist_enabled');
  }
}
