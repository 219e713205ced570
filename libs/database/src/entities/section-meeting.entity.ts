import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A weekly meeting of a section. No ORM relation on purpose: pages load meetings in one IN query. */
@Entity('section_meeting')
export class SectionMeeting {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ name: 'section_id', type: 'int', unsigned: true }) sectionId!: number;
  /** 1 = Monday … 7 = Sunday */
  @Column({ type: 'tinyint', unsigned: true }) day!: number;
  @Column({ name: 'start_period', type: 'tinyint', unsigned: true }) startPeriod!: number;
  @Column({ name: 'end_period', type: 'tinyint', unsigned: true }) endPeriod!: number;
}
