import { ApiProperty } from '@nestjs/swagger';

export class MeetingDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }) day!: number;
  @ApiProperty({ minimum: 1 }) startPeriod!: number;
  @ApiProperty({ minimum: 1 }) endPeriod!: number;
}

/** The contract's Section. `enrolled`/`remaining` are live from the engine (MySQL's count until it has primed). */
export class SectionDto {
  @ApiProperty() id!: number;
  @ApiProperty() lectureId!: number;
  @ApiProperty() lectureCode!: string;
  @ApiProperty() lectureName!: string;
  @ApiProperty() credits!: number;
  @ApiProperty() majorId!: number;
  @ApiProperty() majorName!: string;
  @ApiProperty() generalEducation!: boolean;
  @ApiProperty() professorId!: number;
  @ApiProperty() professorName!: string;
  @ApiProperty() sectionNo!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty({ description: 'Minimum enrolment for the section to run' }) minimum!: number;
  @ApiProperty() enrolled!: number;
  @ApiProperty() remaining!: number;
  @ApiProperty({ type: [MeetingDto] }) meetings!: MeetingDto[];
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Requests that find the section full wait on its waitlist (staff setting; a student can also opt in per request)' })
  waitlist!: boolean;
}

export class SectionPageDto {
  @ApiProperty({ type: [SectionDto] }) items!: SectionDto[];
  @ApiProperty() page!: number;
  @ApiProperty() size!: number;
  @ApiProperty() total!: number;
}

export class MajorDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() generalEducation!: boolean;
}
