import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type QueueMode = 'FIFO' | 'RANDOM_AT_OPEN';

@Entity('open_time')
export class OpenTime {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ name: 'starts_at', type: 'datetime', precision: 3 }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'datetime', precision: 3 }) endsAt!: Date;
  /** null = every grade */
  @Column({ type: 'simple-json', nullable: true }) grades!: number[] | null;
  /** null = every major */
  @Column({ name: 'major_ids', type: 'simple-json', nullable: true }) majorIds!: number[] | null;
  @Column({ name: 'queue_mode', type: 'varchar', length: 20, default: 'FIFO' }) queueMode!: QueueMode;
}
