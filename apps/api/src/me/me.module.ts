import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { MeController } from './me.controller.js';
import { MeRepository } from './me.repository.js';
import { MeService } from './me.service.js';

/** The signed-in student's own profile, cart, enrollments and timetable. */
@Module({
  imports: [CatalogueModule],
  controllers: [MeController],
  providers: [MeService, MeRepository],
  // Staff read a student's enrollments the way the student does (admin enrollment routes).
  exports: [MeService],
})
export class MeModule {}
