import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageOf } from '../common/admin-page.dto.js';

export class CreateLectureDto {
  @ApiProperty({ maxLength: 20, example: 'CSE1001' })
  @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/, { message: 'must be 1–20 letters, digits or -' })
  code!: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ minimum: 1, maximum: 6 }) @IsInt() @Min(1) @Max(6) credits!: number;
  @ApiProperty() @IsInt() @Min(1) majorId!: number;
}

export class UpdateLectureDto extends PartialType(CreateLectureDto, { skipNullProperties: false }) {}

export class AdminLectureDto {
  @ApiProperty() id!: number;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() credits!: number;
  @ApiProperty() majorId!: number;
}

export class AdminLecturePageDto extends PageOf(AdminLectureDto, 'AdminLecturePage') {}
