import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, StaffAuth } from '../../auth/auth.decorators.js';
import { SectionDto, SectionPageDto } from '../../catalogue/section.dto.js';
import { SectionsQueryDto } from '../../catalogue/sections-query.dto.js';
import { IdPipe } from '../../common/id.pipe.js';
import { rosterCsv } from './roster-csv.js';
import { CreateSectionDto, RosterQueryDto, UpdateSectionDto } from './section-admin.dto.js';
import { RosterDto } from './roster.dto.js';
import { SectionsAdminService } from './sections-admin.service.js';

type Staff = { staffId: number };

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/sections')
export class SectionsAdminController {
  constructor(private readonly sections: SectionsAdminService) {}

  @Get() @ApiOkResponse({ type: SectionPageDto })
  list(@Query() q: SectionsQueryDto) { return this.sections.list(q); }

  @Get(':id') @ApiOkResponse({ type: SectionDto })
  get(@Param('id', IdPipe) id: number) { return this.sections.get(id); }

  @Post() @ApiCreatedResponse({ type: SectionDto }) @ApiConflictResponse({ description: 'PROFESSOR_DOUBLE_BOOKED or ALREADY_EXISTS (section number taken)' })
  create(@CurrentStaff() { staffId }: Staff, @Body() body: CreateSectionDto) { return this.sections.create(staffId, body); }

  @Patch(':id') @ApiOkResponse({ type: SectionDto })
  @ApiConflictResponse({ description: 'CAPACITY_BELOW_ENROLLMENT, PROFESSOR_DOUBLE_BOOKED, IN_USE (lecture or meetings of an enrolled section)' })
  update(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number, @Body() body: UpdateSectionDto) { return this.sections.update(staffId, id, body); }

  @Delete(':id') @HttpCode(204) @ApiNoContentResponse() @ApiConflictResponse({ description: 'IN_USE' })
  remove(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number) { return this.sections.remove(staffId, id); }

  @Get(':id/roster')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RosterDto, description: 'JSON, or a CSV download with ?format=csv' })
  async roster(@Param('id', IdPipe) id: number, @Query() q: RosterQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (q.format !== 'csv') return this.sections.roster(id);
    const rows = await this.sections.rosterRows(id);
    reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="roster-section-${id}.csv"`);
    return rosterCsv(rows);
  }
}
