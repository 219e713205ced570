export * from './catalogue-sync.service.js';
export * from './seats.repository.js';
