export * from './audit.contract.js';
export * from './enrollment.contract.js';
export * from './error-codes.js';
export * from './paging.contract.js';
export * from './queue.contract.js';
