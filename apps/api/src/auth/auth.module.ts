import { APP_CONFIG, type AppConfig } from '@app/config';
import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialsRepository } from './credentials.repository.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password.hasher.js';
import { StaffAccounts } from './staff-accounts.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { TokenService } from './token.service.js';

/** Logins, tokens and the guard behind @StudentAuth/@StaffAuth/@AnyAuth (global: any module may use them). */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        // A KeyObject, not a string: jsonwebtoken otherwise tries (and fails) to parse the
        // secret as a public key on every verify, a third of a catalogue request's CPU.
        secret: createSecretKey(Buffer.from(c.auth.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, AuthGuard, PasswordHasher, CredentialsRepository, RefreshTokenRepository, LoginThrottleService, StaffAccounts],
  exports: [TokenService, AuthGuard, PasswordHasher, StaffAccounts],
})
export class AuthModule {}
