export * from './enrollment-queue.producer.js';
export * from './queue.module.js';
