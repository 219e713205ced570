import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnyAuth } from '../auth/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { SectionDto, SectionPageDto } from './section.dto.js';
import { SectionsQueryDto } from './sections-query.dto.js';
import { SectionsService } from './sections.service.js';

@ApiTags('catalogue')
@AnyAuth()
@Controller('api/sections')
export class SectionsController {
  constructor(private readonly sections: SectionsService) {}

  /** Sent as ready-made JSON text: see SectionsService.listJson. */
  @Get()
  @ApiOkResponse({ type: SectionPageDto })
  list(@Query() query: SectionsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.type('application/json; charset=utf-8');
    return this.sections.listJson(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: SectionDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', IdPipe) id: number): Promise<SectionDto> {
    return this.sections.get(id);
  }
}
