import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('cart_item')
export class CartItem {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ name: 'student_id', type: 'int', unsigned: true }) studentId!: number;
  @Column({ name: 'section_id', type: 'int', unsigned: true }) sectionId!: number;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
}
