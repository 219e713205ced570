import 'vitest';
import type { ServiceAddresses } from '@app/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Addresses of the Redis and MariaDB the global setup found or started. */
    services: ServiceAddresses;
  }
}
