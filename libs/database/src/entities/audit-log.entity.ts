import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every staff change: who, what, before, after. */
@Entity('audit_log')
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: string;
  @Column({ name: 'staff_id', type: 'int', unsigned: true, nullable: true }) staffId!: number | null;
  @Column({ type: 'varchar', length: 20 }) action!: string;
  @Column({ type: 'varchar', length: 40 }) entity!: string;
  @Column({ name: 'entity_id', type: 'varchar', length: 40, nullable: true }) entityId!: string | null;
  @Column({ type: 'simple-json', nullable: true }) before!: unknown;
  @Column({ type: 'simple-json', nullable: true }) after!: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
}
