import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DecisionAction = 'ENROLL' | 'DROP';
export type DecisionOutcome = 'ENROLLED' | 'REJECTED' | 'WAITLISTED' | 'DROPPED';

/** One row per request: its latest outcome (a waitlisted request is updated when promoted). */
@Entity('decision_log')
export class DecisionLog {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: string;
  @Column({ name: 'request_id', type: 'varchar', length: 40, unique: true }) requestId!: string;
  /** The engine's global decision sequence: the commit order. */
  @Column({ type: 'bigint', unsigned: true }) seq!: string;
  @Column({ name: 'student_id', type: 'int', unsigned: true }) studentId!: number;
  @Column({ name: 'section_id', type: 'int', unsigned: true }) sectionId!: number;
  @Column({ type: 'varchar', length: 10 }) action!: DecisionAction;
  @Column({ type: 'varchar', length: 12 }) outcome!: DecisionOutcome;
  @Column({ type: 'varchar', length: 40, nullable: true }) reason!: string | null;
  @Column({ type: 'bigint', unsigned: true, nullable: true }) position!: string | null;
  @Column({ name: 'staff_id', type: 'int', unsigned: true, nullable: true }) staffId!: number | null;
  @Column({ name: 'decided_at', type: 'datetime', precision: 3 }) decidedAt!: Date;
  @Column({ name: 'committed_at', type: 'datetime', precision: 3 }) committedAt!: Date;
}
