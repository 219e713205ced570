import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../auth/index.js';
import { IdPipe } from '../common/id.pipe.js';
import { MyEnrollmentDto } from '../me/me.dto.js';
import { MeService } from '../me/me.service.js';
import { DropResultDto, QueueStatsDto, StaffEnrollResultDto } from './enrollment-responses.dto.js';
import { StaffEnrollDto } from './enrollment.dto.js';
import { EnrollmentService } from './enrollment.service.js';
import { QueueStatsService } from './queue-stats.service.js';

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin')
export class AdminEnrollmentController {
  constructor(private readonly enrollments: EnrollmentService, private readonly stats: QueueStatsService, private readonly students: MeService) {}

  @Get('students/:id/enrollments')
  @ApiOperation({ summary: "A student's committed enrollments, as GET /api/me/enrollments shows them to the student (for staff acting for them)" })
  @ApiOkResponse({ type: [MyEnrollmentDto] })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such student' })
  list(@Param('id', IdPipe) studentId: number) {
    return this.students.enrollmentsForStaff(studentId);
  }

  @Post('students/:id/enrollments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Enroll a student (outside windows; every other rule applies, through the same gate)' })
  @ApiCreatedResponse({ type: StaffEnrollResultDto })
  @ApiConflictResponse({ description: 'Refused by a rule: the code is the reason (SECTION_FULL, ALREADY_ENROLLED, SAME_LECTURE_ENROLLED, CREDIT_LIMIT_EXCEEDED, TIME_CONFLICT, NOT_ELIGIBLE, SECTION_NOT_FOUND)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such student' })
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE, with Retry-After: the engine is recovering' })
  enroll(@CurrentStaff() { staffId }: { staffId: number }, @Param('id', IdPipe) studentId: number, @Body() dto: StaffEnrollDto) {
    return this.enrollments.staffEnroll(studentId, dto.sectionId, staffId);
  }

  @Delete('students/:id/enrollments/:sectionId')
  @HttpCode(200)
  @ApiOperation({ summary: "Drop a student's section; the waitlist is promoted" })
  @ApiOkResponse({ type: DropResultDto })
  @ApiNotFoundResponse({ description: 'NOT_ENROLLED: the student does not hold this section' })
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE, with Retry-After: the engine is recovering' })
  drop(@CurrentStaff() { staffId }: { staffId: number }, @Param('id', IdPipe) studentId: number, @Param('sectionId', IdPipe) sectionId: number) {
    return this.enrollments.drop(studentId, sectionId, staffId);
  }

  @Get('queue')
  @ApiOperation({ summary: 'Queue depth and rates for the registration-day dashboard' })
  @ApiOkResponse({ type: QueueStatsDto })
  queue() {
    return this.stats.snapshot();
  }
}
