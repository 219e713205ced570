import { CatalogueSync, HOLD_MS } from '@app/engine';
import type { ModuleRef } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { EngineSyncGateway } from './engine-sync.gateway.js';

/** A gateway over a CatalogueSync whose Redis says the change still holds its sections. */
function gateway(stillHeld: boolean) {
  const asked: string[] = [];
  const sync = { confirmHolds: async (_ids: readonly number[], hold: string) => { asked.push(hold); return stillHeld; } } as unknown as CatalogueSync;
  const ref = { get: (token: unknown) => { if (token !== CatalogueSync) throw new Error('unexpected provider'); return sync; } } as unknown as ModuleRef;
  return { gw: new EngineSyncGateway(ref), asked };
}

describe('EngineSyncGateway.confirmHolds (right before a staff change commits)', () => {
  it('passes while the change holds its sections and has held them for less than a hold lasts', async () => {
    const { gw, asked } = gateway(true);
    await expect(gw.confirmHolds([1], 'tok', Date.now() - 100)).resolves.toBeUndefined();
    expect(asked).toEqual(['tok']);
  });

  it('refuses (503, the transaction rolls back) when Redis no longer has the hold', async () => {
    const { gw } = gateway(false);
    await expect(gw.confirmHolds([1], 'tok', Date.now())).rejects.toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  });

  it('refuses when held longer than a hold lasts, even if Redis has the token again (a later step of the same change re-held it after a lapse)', async () => {
    const { gw, asked } = gateway(true);
    await expect(gw.confirmHolds([1], 'tok', Date.now() - HOLD_MS - 1)).rejects.toMatchObject({ status: 503 });
    expect(asked).toEqual([]);
  });
});
