export * from './data-source.js';
export * from './database.module.js';
export * from './entities/index.js';
export * from './migrations/index.js';
