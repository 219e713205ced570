export * from './auth-user.js';
export * from './auth.decorators.js';
export * from './auth.guard.js';
export * from './password.hasher.js';
export * from './token.service.js';
