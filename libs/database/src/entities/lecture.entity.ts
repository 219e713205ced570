import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('lecture')
export class Lecture {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 20, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'tinyint', unsigned: true }) credits!: number;
  @Column({ name: 'major_id', type: 'int', unsigned: true }) majorId!: number;
}
