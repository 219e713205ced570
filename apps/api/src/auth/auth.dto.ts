import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class StudentLoginDto {
  @ApiProperty({ example: '20260001', maxLength: 20 })
  @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/, { message: 'must be 1–20 letters, digits or -' })
  studentNo!: string;

  @ApiProperty({ example: 'student1234!', minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  password!: string;
}

export class StaffLoginDto {
  @ApiProperty({ example: 'admin', maxLength: 50 })
  @IsString() @Matches(/^[A-Za-z0-9._-]{1,50}$/, { message: 'must be 1–50 letters, digits, . _ or -' })
  loginId!: string;

  @ApiProperty({ example: 'admin1234!', minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refreshToken of a login or of the previous refresh (each works once).' })
  @IsString() @Length(10, 2000)
  refreshToken!: string;
}

export class StudentAccountDto {
  @ApiProperty() id!: number;
  @ApiProperty() studentNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() majorId!: number;
  @ApiProperty() grade!: number;
  @ApiProperty() maxCredits!: number;
}

export class StaffAccountDto {
  @ApiProperty() id!: number;
  @ApiProperty() loginId!: string;
  @ApiProperty() name!: string;
}

export class TokensDto {
  @ApiProperty({ description: 'Bearer token for every /api route' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'Single-use token for POST /api/auth/refresh' }) refreshToken!: string;
  @ApiProperty() refreshExpiresIn!: number;
}

export class StudentLoginResultDto extends TokensDto {
  @ApiProperty({ type: StudentAccountDto }) student!: StudentAccountDto;
}

export class StaffLoginResultDto extends TokensDto {
  @ApiProperty({ type: StaffAccountDto }) staff!: StaffAccountDto;
}

export class RefreshResultDto extends TokensDto {
  @ApiProperty({ enum: ['student', 'staff'] }) role!: 'student' | 'staff';
}
