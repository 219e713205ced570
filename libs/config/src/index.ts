export * from './app-config.js';
export * from './config.module.js';
export * from './config.schema.js';
export * from './redis-policy.check.js';
