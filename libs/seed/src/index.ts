export * from './bulk-insert.js';
export * from './demo-university.js';
export * from './prng.js';
export * from './seed-runner.js';
