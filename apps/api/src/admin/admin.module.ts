import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { EngineSyncGateway } from './common/engine-sync.gateway.js';
import { StaffChangeRunner } from './common/staff-change.runner.js';
import { LecturesAdminController } from './lectures/lectures.controller.js';
import { LecturesAdminService } from './lectures/lectures.service.js';
import { MajorsAdminController } from './majors/majors.controller.js';
import { MajorsAdminService } from './majors/majors.service.js';
import { OpenTimesAdminController } from './open-times/open-times-admin.controller.js';
import { OpenTimesAdminService } from './open-times/open-times-admin.service.js';
import { ProfessorsAdminController } from './professors/professors.controller.js';
import { ProfessorsAdminService } from './professors/professors.service.js';
import { SectionsAdminController } from './sections/sections-admin.controller.js';
import { SectionsAdminRepository } from './sections/sections-admin.repository.js';
import { SectionsAdminService } from './sections/sections-admin.service.js';
import { StaffAdminController } from './staff/staff-admin.controller.js';
import { StaffAdminService } from './staff/staff-admin.service.js';
import { StudentsAdminController } from './students/students-admin.controller.js';
import { StudentsAdminService } from './students/students-admin.service.js';

/** Staff administration: CRUD on the seven resources, the roster and the audit log. */
@Module({
  imports: [CatalogueModule],
  controllers: [
    MajorsAdminController, ProfessorsAdminController, LecturesAdminController, SectionsAdminController,
    StudentsAdminController, StaffAdminController, OpenTimesAdminController, AuditController,
  ],
  providers: [
    StaffChangeRunner, EngineSyncGateway, AuditRepository, AuditService,
    MajorsAdminService, ProfessorsAdminService, LecturesAdminService, SectionsAdminService, SectionsAdminRepository,
    StudentsAdminService, StaffAdminService, OpenTimesAdminService,
  ],
})
export class AdminModule {}
