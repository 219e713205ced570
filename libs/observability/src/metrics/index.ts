export * from './metric-labels.js';
export * from './metric-sources.js';
export * from './metrics.js';
export * from './metrics.module.js';
export * from './metrics.registry.js';
export * from './metrics.tokens.js';
