/** The shared command connection (ioredis). */
export const REDIS = Symbol('REDIS');
/** A connection reserved for SUBSCRIBE (a subscribed connection cannot run commands). */
export const REDIS_SUBSCRIBER = Symbol('REDIS_SUBSCRIBER');
