import type { AppConfig } from '@app/config';

/** Filled in by the engine: recompute Redis from MySQL, report drift, repair it. */
export async function reconcileCommand(_config: AppConfig, _argv: string[]): Promise<void> {
  throw new Error('reconcile is not implemented yet');
}
