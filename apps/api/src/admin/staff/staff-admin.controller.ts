import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../../auth/auth.decorators.js';
import { IdPipe } from '../../common/id.pipe.js';
import { AdminStaffDto, AdminStaffPageDto, CreateStaffDto, StaffQueryDto, UpdateStaffDto } from './staff-admin.dto.js';
import { StaffAdminService } from './staff-admin.service.js';

type Me = { staffId: number };

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/staff')
export class StaffAdminController {
  constructor(private readonly staff: StaffAdminService) {}

  @Get() @ApiOkResponse({ type: AdminStaffPageDto })
  list(@Query() q: StaffQueryDto) { return this.staff.list(q.page, q.size, q.q); }

  @Get(':id') @ApiOkResponse({ type: AdminStaffDto })
  get(@Param('id', IdPipe) id: number) { return this.staff.get(id); }

  @Post() @ApiCreatedResponse({ type: AdminStaffDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS (login id taken)' })
  create(@CurrentStaff() { staffId }: Me, @Body() body: CreateStaffDto) { return this.staff.create(staffId, body); }

  @Patch(':id') @ApiOkResponse({ type: AdminStaffDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS (login id taken)' })
  update(@CurrentStaff() { staffId }: Me, @Param('id', IdPipe) id: number, @Body() body: UpdateStaffDto) { return this.staff.update(staffId, id, body); }

  @Delete(':id') @HttpCode(204) @ApiNoContentResponse() @ApiConflictResponse({ description: 'IN_USE (has audit history) or CONFLICT (yourself)' })
  remove(@CurrentStaff() { staffId }: Me, @Param('id', IdPipe) id: number) { return this.staff.remove(staffId, id); }
}
