import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StaffAuth } from '../../auth/auth.decorators.js';
import { AuditPageDto, AuditQueryDto } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get() @ApiOkResponse({ type: AuditPageDto })
  list(@Query() q: AuditQueryDto) { return this.audit.list(q); }
}
