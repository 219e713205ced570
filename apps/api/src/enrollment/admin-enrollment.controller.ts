import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../auth/index.js';
import { StaffEnrollDto } from './enrollment.dto.js';
import { EnrollmentService } from './enrollment.service.js';
import { QueueStatsService } from './queue-stats.service.js';

@ApiTags('admin')
@StaffAuth()
@Controller('api/admin')
export class AdminEnrollmentController {
  constructor(private readonly enrollments: EnrollmentService, private readonly stats: QueueStatsService) {}

  @Post('students/:id/enrollments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Enroll a student (outside windows; every other rule applies, through the same gate)' })
  enroll(@CurrentStaff() { staffId }: { staffId: number }, @Param('id', ParseIntPipe) studentId: number, @Body() dto: StaffEnrollDto) {
    return this.enrollments.staffEnroll(studentId, dto.sectionId, staffId);
  }

  @Delete('students/:id/enrollments/:sectionId')
  @HttpCode(200)
  @ApiOperation({ summary: "Drop a student's section; the waitlist is promoted" })
  drop(@CurrentStaff() { staffId }: { staffId: number }, @Param('id', ParseIntPipe) studentId: number, @Param('sectionId', ParseIntPipe) sectionId: number) {
    return this.enrollments.drop(studentId, sectionId, staffId);
  }

  @Get('queue')
  @ApiOperation({ summary: 'Queue depth and rates for the registration-day dashboard' })
  queue() {
    return this.stats.snapshot();
  }
}
