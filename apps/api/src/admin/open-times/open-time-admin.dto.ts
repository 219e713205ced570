import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** The contract's times carry an offset: one without it would be read in the server's time zone. */
const WithOffset = () => Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: '$property must carry a time zone offset (Z or ±hh:mm)' });
import { OpenTimeDto } from '../../catalogue/open-time.dto.js';
import { IfPresent } from '../../common/if-present.js';
import { PageOf } from '../common/admin-page.dto.js';

export class CreateOpenTimeDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true, strictSeparator: true }) @WithOffset() startsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'after startsAt' }) @IsISO8601({ strict: true, strictSeparator: true }) @WithOffset() endsAt!: string;
  @ApiPropertyOptional({ type: [Number], nullable: true, description: 'grades 1–6; null = every grade' })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(6) @IsInt({ each: true }) @Min(1, { each: true }) @Max(6, { each: true })
  grades?: number[] | null;
  @ApiPropertyOptional({ type: [Number], nullable: true, description: 'existing major ids; null = every major' })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(200) @IsInt({ each: true }) @Min(1, { each: true })
  majorIds?: number[] | null;
  @ApiPropertyOptional({ enum: ['FIFO', 'RANDOM_AT_OPEN'], default: 'FIFO' }) @IfPresent() @IsIn(['FIFO', 'RANDOM_AT_OPEN'])
  queueMode?: 'FIFO' | 'RANDOM_AT_OPEN';
}

export class UpdateOpenTimeDto extends PartialType(CreateOpenTimeDto, { skipNullProperties: false }) {}

export class OpenTimePageDto extends PageOf(OpenTimeDto, 'OpenTimePage') {}
