export * from './enrollment-queue.producer.js';
export * from './queue.module.js';
export * from './enrollment-queue.options.js';
export * from './queue-connection.js';
