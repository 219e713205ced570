import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('major')
export class Major {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 100, unique: true }) name!: string;
  /** 교양 (general education) is a flag, not a magic major name. */
  @Column({ name: 'general_education', type: 'boolean', default: false }) generalEducation!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
}
