import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A committed enrollment. Written only by the engine's committer (or staff through the same gate). */
@Entity('enrollment')
export class Enrollment {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: string;
  @Column({ name: 'student_id', type: 'int', unsigned: true }) studentId!: number;
  @Column({ name: 'section_id', type: 'int', unsigned: true }) sectionId!: number;
  @Column({ name: 'lecture_id', type: 'int', unsigned: true }) lectureId!: number;
  @Column({ type: 'tinyint', unsigned: true }) credits!: number;
  @Column({ name: 'request_id', type: 'varchar', length: 40 }) requestId!: string;
  @Column({ name: 'enrolled_at', type: 'datetime', precision: 3 }) enrolledAt!: Date;
}
