import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RefreshDto, RefreshResultDto, StaffLoginDto, StaffLoginResultDto, StudentLoginDto, StudentLoginResultDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@ApiResponse({ status: 429, description: 'RATE_LIMITED (too many attempts), with Retry-After' })
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('student/login')
  @HttpCode(200)
  @ApiOkResponse({ type: StudentLoginResultDto })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS (same for an unknown account and a wrong password)' })
  loginStudent(@Body() body: StudentLoginDto, @Req() req: FastifyRequest): Promise<StudentLoginResultDto> {
    return this.auth.loginStudent(body.studentNo, body.password, req.ip);
  }

  @Post('staff/login')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffLoginResultDto })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS' })
  loginStaff(@Body() body: StaffLoginDto, @Req() req: FastifyRequest): Promise<StaffLoginResultDto> {
    return this.auth.loginStaff(body.loginId, body.password, req.ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: RefreshResultDto, description: 'A new access token and a new refresh token; the old refresh token is spent.' })
  @ApiResponse({ status: 401, description: 'UNAUTHENTICATED' })
  refresh(@Body() body: RefreshDto): Promise<RefreshResultDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'The refresh token is revoked.' })
  logout(@Body() body: RefreshDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }
}
