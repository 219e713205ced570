export * from './checks.js';
export * from './cluster.js';
export * from './history.js';
export * from './processes.js';
export * from './report.js';
export * from './open-load.js';
