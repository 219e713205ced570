import { Module } from '@nestjs/common';
import { MeModule } from '../me/me.module.js';
import { AdminEnrollmentController } from './admin-enrollment.controller.js';
import { DecisionFeed } from './decision-feed.js';
import { EnrollmentController } from './enrollment.controller.js';
import { EnrollMetricsInterceptor } from './enroll-metrics.interceptor.js';
import { EnrollmentService } from './enrollment.service.js';
import { QueueStatsService } from './queue-stats.service.js';
import { QueuedRequests } from './queued-requests.js';

/** Intake of the enrollment engine: enroll, drop, follow (students) and act, watch (staff). */
@Module({
  imports: [MeModule],
  controllers: [EnrollmentController, AdminEnrollmentController],
  providers: [EnrollmentService, DecisionFeed, QueuedRequests, QueueStatsService, EnrollMetricsInterceptor],
})
export class EnrollmentModule {}
