import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../../auth/auth.decorators.js';
import { IdPipe } from '../../common/id.pipe.js';
import { AdminStudentDto, AdminStudentPageDto, CreateStudentDto, StudentsQueryDto, UpdateStudentDto } from './student-admin.dto.js';
import { StudentsAdminService } from './students-admin.service.js';

type Staff = { staffId: number };

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/students')
export class StudentsAdminController {
  constructor(private readonly students: StudentsAdminService) {}

  @Get() @ApiOkResponse({ type: AdminStudentPageDto })
  list(@Query() q: StudentsQueryDto) { return this.students.list(q.page, q.size, q.q); }

  @Get(':id') @ApiOkResponse({ type: AdminStudentDto })
  get(@Param('id', IdPipe) id: number) { return this.students.get(id); }

  @Post() @ApiCreatedResponse({ type: AdminStudentDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS (student number taken)' })
  create(@CurrentStaff() { staffId }: Staff, @Body() body: CreateStudentDto) { return this.students.create(staffId, body); }

  @Patch(':id') @ApiOkResponse({ type: AdminStudentDto }) @ApiConflictResponse({ description: 'ALREADY_EXISTS or CREDITS_BELOW_ENROLLMENT' })
  update(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number, @Body() body: UpdateStudentDto) { return this.students.update(staffId, id, body); }

  @Delete(':id') @HttpCode(204) @ApiNoContentResponse() @ApiConflictResponse({ description: 'IN_USE (enrollments, cart, requests)' })
  remove(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number) { return this.students.remove(staffId, id); }
}
