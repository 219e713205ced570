import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../../auth/auth.decorators.js';
import { IdPipe } from '../../common/id.pipe.js';
import { PagingQueryDto } from '../../common/paging.dto.js';
import { AdminLectureDto, AdminLecturePageDto, CreateLectureDto, UpdateLectureDto } from './lecture.dto.js';
import { LecturesAdminService } from './lectures.service.js';

type Staff = { staffId: number };

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/lectures')
export class LecturesAdminController {
  constructor(private readonly lectures: LecturesAdminService) {}

  @Get() @ApiOkResponse({ type: AdminLecturePageDto })
  list(@Query() q: PagingQueryDto) { return this.lectures.list(q.page, q.size); }

  @Get(':id') @ApiOkResponse({ type: AdminLectureDto })
  get(@Param('id', IdPipe) id: number) { return this.lectures.get(id); }

  @Post() @ApiCreatedResponse({ type: AdminLectureDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS (code taken)' })
  create(@CurrentStaff() { staffId }: Staff, @Body() body: CreateLectureDto) { return this.lectures.create(staffId, body); }

  @Patch(':id') @ApiOkResponse({ type: AdminLectureDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS or IN_USE (credits of an enrolled lecture)' })
  update(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number, @Body() body: UpdateLectureDto) { return this.lectures.update(staffId, id, body); }

  @Delete(':id') @HttpCode(204) @ApiNoContentResponse() @ApiConflictResponse({ description: 'IN_USE' })
  remove(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number) { return this.lectures.remove(staffId, id); }
}
