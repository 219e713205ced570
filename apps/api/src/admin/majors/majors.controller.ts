import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../../auth/auth.decorators.js';
import { IdPipe } from '../../common/id.pipe.js';
import { PagingQueryDto } from '../../common/paging.dto.js';
import { AdminMajorDto, AdminMajorPageDto, CreateMajorDto, UpdateMajorDto } from './major.dto.js';
import { MajorsAdminService } from './majors.service.js';

type Staff = { staffId: number };

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/majors')
export class MajorsAdminController {
  constructor(private readonly majors: MajorsAdminService) {}

  @Get() @ApiOkResponse({ type: AdminMajorPageDto })
  list(@Query() q: PagingQueryDto) { return this.majors.list(q.page, q.size); }

  @Get(':id') @ApiOkResponse({ type: AdminMajorDto })
  get(@Param('id', IdPipe) id: number) { return this.majors.get(id); }

  @Post() @ApiCreatedResponse({ type: AdminMajorDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS (name taken)' })
  create(@CurrentStaff() { staffId }: Staff, @Body() body: CreateMajorDto) { return this.majors.create(staffId, body); }

  @Patch(':id') @ApiOkResponse({ type: AdminMajorDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS' })
  update(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number, @Body() body: UpdateMajorDto) { return this.majors.update(staffId, id, body); }

  @Delete(':id') @HttpCode(204) @ApiNoContentResponse() @ApiConflictResponse({ description: 'IN_USE' })
  remove(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number) { return this.majors.remove(staffId, id); }
}
