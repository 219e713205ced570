import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { SectionDto } from '../catalogue/section.dto.js';

export class ProfileDto {
  @ApiProperty() id!: number;
  @ApiProperty() studentNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() majorId!: number;
  @ApiProperty() grade!: number;
  @ApiProperty() maxCredits!: number;
  @ApiProperty({ description: 'Credits of committed enrollments' }) enrolledCredits!: number;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200, writeOnly: true }) @IsString() @Length(1, 200) currentPassword!: string;
  @ApiProperty({ minLength: 8, maxLength: 200, writeOnly: true, description: 'Stored as an argon2id hash; never read back' })
  @IsString() @Length(8, 200) newPassword!: string;
}

export class AddToCartDto {
  @ApiProperty({ minimum: 1 })
  @IsInt() @Min(1) @Max(4_294_967_295)
  sectionId!: number;
}

export class CartItemDto {
  @ApiProperty({ type: SectionDto }) section!: SectionDto;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
}

export class MyEnrollmentDto {
  @ApiProperty({ type: SectionDto }) section!: SectionDto;
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
}

export class TimetableMeetingDto {
  @ApiProperty() day!: number;
  @ApiProperty() startPeriod!: number;
  @ApiProperty() endPeriod!: number;
  @ApiProperty() sectionId!: number;
  @ApiProperty() lectureName!: string;
  @ApiProperty() professorName!: string;
}

export class TimetableDto {
  @ApiProperty() credits!: number;
  @ApiProperty() maxCredits!: number;
  @ApiProperty({ type: [TimetableMeetingDto] }) meetings!: TimetableMeetingDto[];
}
