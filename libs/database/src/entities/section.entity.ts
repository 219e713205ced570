import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('section')
export class Section {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ name: 'lecture_id', type: 'int', unsigned: true }) lectureId!: number;
  @Column({ name: 'professor_id', type: 'int', unsigned: true }) professorId!: number;
  @Column({ name: 'section_no', type: 'smallint', unsigned: true }) sectionNo!: number;
  @Column({ type: 'int', unsigned: true }) capacity!: number;
  @Column({ type: 'int', unsigned: true, default: 0 }) minimum!: number;
  /** Maintained by the engine's committer in the same transaction as the enrollment rows. */
  @Column({ name: 'enrolled_count', type: 'int', unsigned: true, default: 0 }) enrolledCount!: number;
  @Column({ type: 'varchar', length: 1000, default: '' }) description!: string;
  /** Requests that find the section full wait on its waitlist (as if each had opted in). */
  @Column({ name: 'waitlist_enabled', type: 'boolean', default: false }) waitlistEnabled!: boolean;
}
