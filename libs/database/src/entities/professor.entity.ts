import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('professor')
export class Professor {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ name: 'major_id', type: 'int', unsigned: true }) majorId!: number;
}
