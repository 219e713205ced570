import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('student')
export class Student {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ name: 'student_no', type: 'varchar', length: 20, unique: true }) studentNo!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 255 }) email!: string;
  @Column({ name: 'password_hash', type: 'varchar', length: 255, select: false }) passwordHash!: string;
  @Column({ name: 'major_id', type: 'int', unsigned: true }) majorId!: number;
  @Column({ type: 'tinyint', unsigned: true }) grade!: number;
  @Column({ name: 'max_credits', type: 'tinyint', unsigned: true }) maxCredits!: number;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;
}
