import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { PageOf } from '../common/admin-page.dto.js';

export class CreateProfessorDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty() @IsInt() @Min(1) majorId!: number;
}

export class UpdateProfessorDto extends PartialType(CreateProfessorDto, { skipNullProperties: false }) {}

export class AdminProfessorDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() majorId!: number;
}

export class AdminProfessorPageDto extends PageOf(AdminProfessorDto, 'AdminProfessorPage') {}
