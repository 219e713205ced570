import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PagingQueryDto } from '../common/paging.dto.js';
import { ToBool, ToInt } from '../common/query-transforms.js';

export const SECTION_SORTS = ['code', 'name', 'credits', 'professor', 'remaining', 'id'] as const;
export type SectionSort = (typeof SECTION_SORTS)[number];

/** GET /api/sections filters; every one is optional and they combine with AND. */
export class SectionsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ description: 'Part of the lecture name or code', maxLength: 100 })
  @IsOptional() @IsString() @Length(1, 100)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @ToInt() @IsInt() @Min(1)
  majorId?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: 'Meets on this day (1 = Monday)' })
  @IsOptional() @ToInt() @IsInt() @Min(1) @Max(7)
  day?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 6 }) @IsOptional() @ToInt() @IsInt() @Min(1) @Max(6)
  credits?: number;

  @ApiPropertyOptional({ description: 'Professor id (digits) or the start of the name', maxLength: 100 })
  @IsOptional() @IsString() @Length(1, 100)
  professor?: string;

  @ApiPropertyOptional() @IsOptional() @ToInt() @IsInt() @Min(1)
  professorId?: number;

  @ApiPropertyOptional() @IsOptional() @ToInt() @IsInt() @Min(1)
  lectureId?: number;

  @ApiPropertyOptional() @IsOptional() @ToBool() @IsBoolean()
  generalEducation?: boolean;

  @ApiPropertyOptional({ description: 'true: seats left (by committed count); false: full' })
  @IsOptional() @ToBool() @IsBoolean()
  hasSeats?: boolean;

  @ApiPropertyOptional({ enum: SECTION_SORTS, default: 'code' }) @IsOptional() @IsIn(SECTION_SORTS)
  sort: SectionSort = 'code';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' }) @IsOptional() @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
