import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { IfPresent } from '../common/if-present.js';

export class EnrollDto {
  @ApiProperty({ example: 17 }) @IsInt() @Min(1) @Max(2_147_483_647) sectionId!: number;
  /** Wait on the waitlist when the section is full, instead of a SECTION_FULL rejection. */
  @ApiPropertyOptional({ default: false }) @IfPresent() @IsBoolean() waitlist?: boolean;
}

export class FromCartDto {
  @ApiPropertyOptional({ default: false }) @IfPresent() @IsBoolean() waitlist?: boolean;
}

export class StaffEnrollDto {
  @ApiProperty({ example: 17 }) @IsInt() @Min(1) @Max(2_147_483_647) sectionId!: number;
}
