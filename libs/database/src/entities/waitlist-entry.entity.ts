import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('waitlist_entry')
export class WaitlistEntry {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: string;
  @Column({ name: 'student_id', type: 'int', unsigned: true }) studentId!: number;
  @Column({ name: 'section_id', type: 'int', unsigned: true }) sectionId!: number;
  @Column({ name: 'request_id', type: 'varchar', length: 40, unique: true }) requestId!: string;
  @Column({ type: 'bigint', unsigned: true }) position!: string;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
}
