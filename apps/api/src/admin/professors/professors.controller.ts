import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../../auth/auth.decorators.js';
import { IdPipe } from '../../common/id.pipe.js';
import { PagingQueryDto } from '../../common/paging.dto.js';
import { AdminProfessorDto, AdminProfessorPageDto, CreateProfessorDto, UpdateProfessorDto } from './professor.dto.js';
import { ProfessorsAdminService } from './professors.service.js';

type Staff = { staffId: number };

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/professors')
export class ProfessorsAdminController {
  constructor(private readonly professors: ProfessorsAdminService) {}

  @Get() @ApiOkResponse({ type: AdminProfessorPageDto })
  list(@Query() q: PagingQueryDto) { return this.professors.list(q.page, q.size); }

  @Get(':id') @ApiOkResponse({ type: AdminProfessorDto })
  get(@Param('id', IdPipe) id: number) { return this.professors.get(id); }

  @Post() @ApiCreatedResponse({ type: AdminProfessorDto })
  create(@CurrentStaff() { staffId }: Staff, @Body() body: CreateProfessorDto) { return this.professors.create(staffId, body); }

  @Patch(':id') @ApiOkResponse({ type: AdminProfessorDto })
  update(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number, @Body() body: UpdateProfessorDto) { return this.professors.update(staffId, id, body); }

  @Delete(':id') @HttpCode(204) @ApiNoContentResponse() @ApiConflictResponse({ description: 'IN_USE' })
  remove(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number) { return this.professors.remove(staffId, id); }
}
