import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../../auth/auth.decorators.js';
import { OpenTimeDto } from '../../catalogue/open-time.dto.js';
import { IdPipe } from '../../common/id.pipe.js';
import { PagingQueryDto } from '../../common/paging.dto.js';
import { CreateOpenTimeDto, OpenTimePageDto, UpdateOpenTimeDto } from './open-time-admin.dto.js';
import { OpenTimesAdminService } from './open-times-admin.service.js';

type Staff = { staffId: number };

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin/open-times')
export class OpenTimesAdminController {
  constructor(private readonly openTimes: OpenTimesAdminService) {}

  @Get() @ApiOkResponse({ type: OpenTimePageDto })
  list(@Query() q: PagingQueryDto) { return this.openTimes.list(q.page, q.size); }

  @Get(':id') @ApiOkResponse({ type: OpenTimeDto })
  get(@Param('id', IdPipe) id: number) { return this.openTimes.get(id); }

  @Post() @ApiCreatedResponse({ type: OpenTimeDto })
  create(@CurrentStaff() { staffId }: Staff, @Body() body: CreateOpenTimeDto) { return this.openTimes.create(staffId, body); }

  @Patch(':id') @ApiOkResponse({ type: OpenTimeDto }) @ApiConflictResponse({ description: 'WINDOW_DRAW_PENDING: a RANDOM_AT_OPEN window\'s start or queue mode, while its opening draw is not held yet' })
  update(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number, @Body() body: UpdateOpenTimeDto) { return this.openTimes.update(staffId, id, body); }

  @Delete(':id') @HttpCode(204) @ApiNoContentResponse()
  remove(@CurrentStaff() { staffId }: Staff, @Param('id', IdPipe) id: number) { return this.openTimes.remove(staffId, id); }
}
