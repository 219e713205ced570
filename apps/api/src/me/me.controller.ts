import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStudent, StudentAuth } from '../auth/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { RateLimit } from '../rate-limit/rate-limit.decorator.js';
import { AddToCartDto, CartItemDto, ChangePasswordDto, MyEnrollmentDto, ProfileDto, TimetableDto } from './me.dto.js';
import { MeService } from './me.service.js';

type Me = { studentId: number };

@ApiTags('student')
@StudentAuth()
@Controller('api/me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOkResponse({ type: ProfileDto })
  profile(@CurrentStudent() { studentId }: Me): Promise<ProfileDto> {
    return this.me.profile(studentId);
  }

  @Patch('password')
  @HttpCode(204)
  @RateLimit({ scope: 'password', limit: 5, windowMs: 60_000, by: 'user' })
  @ApiOperation({ summary: 'Change your password (the current one first)' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: currentPassword is not your current password, or newPassword is too short or unchanged' })
  changePassword(@CurrentStudent() { studentId }: Me, @Body() body: ChangePasswordDto): Promise<void> {
    return this.me.changePassword(studentId, body.currentPassword, body.newPassword);
  }

  @Get('cart')
  @ApiOkResponse({ type: [CartItemDto] })
  cart(@CurrentStudent() { studentId }: Me): Promise<CartItemDto[]> {
    return this.me.cart(studentId);
  }

  @Post('cart')
  @RateLimit({ scope: 'cart-write', limit: 20, windowMs: 1000, by: 'user' })
  @ApiCreatedResponse({ type: CartItemDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such section' })
  @ApiConflictResponse({ description: 'ALREADY_EXISTS (already in the cart) or CART_FULL' })
  addToCart(@CurrentStudent() { studentId }: Me, @Body() body: AddToCartDto): Promise<CartItemDto> {
    return this.me.addToCart(studentId, body.sectionId);
  }

  @Delete('cart/:sectionId')
  @HttpCode(204)
  @RateLimit({ scope: 'cart-write', limit: 20, windowMs: 1000, by: 'user' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'NOT_FOUND: not in the cart' })
  removeFromCart(@CurrentStudent() { studentId }: Me, @Param('sectionId', IdPipe) sectionId: number): Promise<void> {
    return this.me.removeFromCart(studentId, sectionId);
  }

  @Get('enrollments')
  @ApiOkResponse({ type: [MyEnrollmentDto] })
  enrollments(@CurrentStudent() { studentId }: Me): Promise<MyEnrollmentDto[]> {
    return this.me.enrollments(studentId);
  }

  @Get('timetable')
  @ApiOkResponse({ type: TimetableDto })
  timetable(@CurrentStudent() { studentId }: Me): Promise<TimetableDto> {
    return this.me.timetable(studentId);
  }
}
