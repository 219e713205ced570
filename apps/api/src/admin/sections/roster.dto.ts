import { ApiProperty } from '@nestjs/swagger';
import { SectionDto } from '../../catalogue/section.dto.js';
import { RosterStudentDto } from './section-admin.dto.js';

export class RosterDto {
  @ApiProperty({ type: SectionDto }) section!: SectionDto;
  @ApiProperty({ type: [RosterStudentDto] }) students!: RosterStudentDto[];
}
