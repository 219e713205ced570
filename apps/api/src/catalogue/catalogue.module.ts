import { SeatsRepository } from '@app/engine';
import { Module } from '@nestjs/common';
import { CatalogueController } from './catalogue.controller.js';
import { Clock } from './clock.provider.js';
import { LiveSeatsRepository } from './live-seats.repository.js';
import { MajorsRepository } from './majors.repository.js';
import { OpenTimesRepository } from './open-times.repository.js';
import { OpenTimesService } from './open-times.service.js';
import { SectionsCacheRepository } from './sections-cache.repository.js';
import { SectionsController } from './sections.controller.js';
import { SectionsRepository } from './sections.repository.js';
import { SectionsService } from './sections.service.js';

/** What any signed-in user may read: sections, majors, registration windows. */
@Module({
  controllers: [SectionsController, CatalogueController],
  providers: [SectionsService, SectionsRepository, SectionsCacheRepository, SeatsRepository, LiveSeatsRepository, MajorsRepository, OpenTimesRepository, OpenTimesService, Clock],
  exports: [SectionsService, OpenTimesService],
})
export class CatalogueModule {}
