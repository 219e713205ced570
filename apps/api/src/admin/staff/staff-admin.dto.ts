import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { PagingQueryDto } from '../../common/paging.dto.js';
import { PageOf } from '../common/admin-page.dto.js';

export class CreateStaffDto {
  @ApiProperty({ maxLength: 50 }) @IsString() @Matches(/^[A-Za-z0-9._-]{1,50}$/, { message: 'must be 1–50 letters, digits, . _ or -' }) loginId!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ minLength: 8, maxLength: 200, writeOnly: true }) @IsString() @Length(8, 200) password!: string;
}

export class UpdateStaffDto extends PartialType(CreateStaffDto, { skipNullProperties: false }) {}

export class StaffQueryDto extends PagingQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) q?: string;
}

export class AdminStaffDto {
  @ApiProperty() id!: number;
  @ApiProperty() loginId!: string;
  @ApiProperty() name!: string;
}

export class AdminStaffPageDto extends PageOf(AdminStaffDto, 'AdminStaffPage') {}
