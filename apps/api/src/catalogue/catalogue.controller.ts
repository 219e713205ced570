import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { AnyAuth, CurrentUser } from '../auth/auth.decorators.js';
import { CurrentOpenTimeDto } from './open-time.dto.js';
import { OpenTimesService } from './open-times.service.js';
import { MajorDto } from './section.dto.js';
import { MajorsRepository } from './majors.repository.js';

@ApiTags('catalogue')
@AnyAuth()
@Controller('api')
export class CatalogueController {
  constructor(
    private readonly majors: MajorsRepository,
    private readonly openTimes: OpenTimesService,
  ) {}

  @Get('majors')
  @ApiOkResponse({ type: [MajorDto] })
  async listMajors(): Promise<MajorDto[]> {
    return (await this.majors.all()).map((m) => ({ id: m.id, name: m.name, generalEducation: m.generalEducation }));
  }

  @Get('open-times/current')
  @ApiOkResponse({ type: CurrentOpenTimeDto })
  current(@CurrentUser() user: AuthUser): Promise<CurrentOpenTimeDto> {
    return this.openTimes.current(user);
  }
}
