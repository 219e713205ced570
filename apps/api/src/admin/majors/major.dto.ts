import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsString, Length } from 'class-validator';
import { PageOf } from '../common/admin-page.dto.js';

export class CreateMajorDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ description: '교양: general education' }) @IsBoolean() generalEducation!: boolean;
}

export class UpdateMajorDto extends PartialType(CreateMajorDto, { skipNullProperties: false }) {}

export class AdminMajorDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() generalEducation!: boolean;
}

export class AdminMajorPageDto extends PageOf(AdminMajorDto, 'AdminMajorPage') {}
