import { AUDITED_ENTITIES } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { PagingQueryDto } from '../../common/paging.dto.js';
import { ToInt } from '../../common/query-transforms.js';
import { PageOf } from '../common/admin-page.dto.js';

export class AuditQueryDto extends PagingQueryDto {
  /** Staff enrolling or dropping for a student are not here but in decision_log, with their staff id. */
  @ApiPropertyOptional({ enum: AUDITED_ENTITIES }) @IsOptional() @IsIn(AUDITED_ENTITIES) entity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) entityId?: string;
  @ApiPropertyOptional() @IsOptional() @ToInt() @IsInt() @Min(1) staffId?: number;
}

export class AuditEntryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null when the staff account was deleted' }) staffId!: number | null;
  @ApiProperty({ enum: ['CREATE', 'UPDATE', 'DELETE'] }) action!: string;
  @ApiProperty() entity!: string;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) before!: unknown;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) after!: unknown;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AuditPageDto extends PageOf(AuditEntryDto, 'AuditPage') {}
