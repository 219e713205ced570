import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  @Get()
  @ApiOkResponse({ type: SectionPageDto })
  list(@Query() query: SectionsQueryDto): Promise<SectionPageDto> {
    return this.sections.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: SectionDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', IdPipe) id: number): Promise<SectionDto> {
    return this.sections.get(id);
  }
}
