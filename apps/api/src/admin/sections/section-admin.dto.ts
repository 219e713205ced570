import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IfPresent } from '../../common/if-present.js';

export class MeetingInputDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }) @IsInt() @Min(1) @Max(7) day!: number;
  @ApiProperty({ minimum: 1, maximum: 30 }) @IsInt() @Min(1) @Max(30) startPeriod!: number;
  @ApiProperty({ minimum: 1, maximum: 30, description: '≥ startPeriod' }) @IsInt() @Min(1) @Max(30) endPeriod!: number;
}

export class CreateSectionDto {
  @ApiProperty() @IsInt() @Min(1) lectureId!: number;
  @ApiProperty() @IsInt() @Min(1) professorId!: number;
  @ApiProperty({ minimum: 1, maximum: 999 }) @IsInt() @Min(1) @Max(999) sectionNo!: number;
  @ApiProperty({ minimum: 1, maximum: 100_000 }) @IsInt() @Min(1) @Max(100_000) capacity!: number;
  @ApiPropertyOptional({ minimum: 0, default: 0 }) @IfPresent() @IsInt() @Min(0) @Max(100_000) minimum?: number;
  @ApiProperty({ type: [MeetingInputDto], maxItems: 14 })
  @IsArray() @ArrayMaxSize(14) @ValidateNested({ each: true }) @Type(() => MeetingInputDto)
  meetings!: MeetingInputDto[];
  @ApiPropertyOptional({ maxLength: 1000 }) @IfPresent() @IsString() @Length(0, 1000) description?: string;
  @ApiPropertyOptional({ default: false, description: 'Requests that find the section full wait on its waitlist (as if each had opted in)' })
  @IfPresent() @IsBoolean() waitlist?: boolean;
}

export class UpdateSectionDto extends PartialType(CreateSectionDto, { skipNullProperties: false }) {}

export class RosterQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format: 'json' | 'csv' = 'json';
}

export class RosterStudentDto {
  @ApiProperty() studentId!: number;
  @ApiProperty() studentNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() majorId!: number;
  @ApiProperty() grade!: number;
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
}
