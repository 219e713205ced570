import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PagingQueryDto } from '../../common/paging.dto.js';
import { PageOf } from '../common/admin-page.dto.js';

export class CreateStudentDto {
  @ApiProperty({ maxLength: 20 }) @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/, { message: 'must be 1–20 letters, digits or -' }) studentNo!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ maxLength: 255 }) @IsEmail() @MaxLength(255) email!: string;
  @ApiProperty({ minLength: 8, maxLength: 200, writeOnly: true, description: 'Stored as an argon2id hash; never read back' })
  @IsString() @Length(8, 200) password!: string;
  @ApiProperty() @IsInt() @Min(1) majorId!: number;
  @ApiProperty({ minimum: 1, maximum: 6 }) @IsInt() @Min(1) @Max(6) grade!: number;
  @ApiProperty({ minimum: 1, maximum: 40 }) @IsInt() @Min(1) @Max(40) maxCredits!: number;
}

export class UpdateStudentDto extends PartialType(CreateStudentDto, { skipNullProperties: false }) {}

export class StudentsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ description: 'Start of the student number, or part of the name' })
  @IsOptional() @IsString() @Length(1, 100) q?: string;
}

export class AdminStudentDto {
  @ApiProperty() id!: number;
  @ApiProperty() studentNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() majorId!: number;
  @ApiProperty() grade!: number;
  @ApiProperty() maxCredits!: number;
}

export class AdminStudentPageDto extends PageOf(AdminStudentDto, 'AdminStudentPage') {}
