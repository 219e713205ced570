import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per commit stream: the highest decision seq made durable. Updated in the same
 * transaction as the rows it covers, so a replayed batch is skipped (exactly-once commit).
 */
@Entity('engine_cursor')
export class EngineCursor {
  @PrimaryColumn({ type: 'varchar', length: 40 }) name!: string;
  @Column({ name: 'committed_seq', type: 'bigint', unsigned: true, default: 0 }) committedSeq!: string;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;
  /** The Redis state generation allowed to commit (see the intake-journal migration). */
  @Column({ type: 'varchar', length: 64, nullable: true }) epoch!: string | null;
}
