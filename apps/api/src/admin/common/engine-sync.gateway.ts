import { CatalogueSync, HOLD_MS, type CapacityChange, type Retiree, type SectionReshape } from '@app/engine';
import { ErrorCode } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppException } from '../../common/app.exception.js';

/**
 * Finds the engine's CatalogueSync wherever EngineModule registers it (global or not) and
 * forwards to it. Without an engine (a bare API in tests) calls are no-ops and capacity
 * changes are judged by MySQL alone.
 */
@Injectable()
export class EngineSyncGateway {
  private readonly logger = new Logger('EngineSync');
  private resolved?: CatalogueSync | null;

  constructor(private readonly moduleRef: ModuleRef) {}

  private get sync(): CatalogueSync | null {
    if (this.resolved === undefined) {
      try {
        this.resolved = this.moduleRef.get(CatalogueSync, { strict: false });
      } catch {
        this.logger.warn('no CatalogueSync provider: staff changes are not pushed to the engine');
        this.resolved = null;
      }
    }
    return this.resolved;
  }

  /**
   * One staff change's hold on the sections it changes in Redis before MySQL commits (includes/sectionHold.lua):
   * pass `hold.take(ids)` to each guarded call, `hold.confirm()` right before the COMMIT, `hold.release()`
   * after the commit and the reload (or after the undo).
   */
  newHold(): StaffHold { return new StaffHold(this); }
  async setCapacity(sectionId: number, capacity: number, hold = ''): Promise<CapacityChange> {
    return (await this.sync?.setCapacity(sectionId, capacity, hold)) ?? { ok: true };
  }
  async reshapeSection(sectionId: number, change: SectionReshape, hold = ''): Promise<CapacityChange> {
    return (await this.sync?.reshapeSection(sectionId, change, hold)) ?? { ok: true };
  }
  async setCredits(sectionIds: readonly number[], credits: number, hold = ''): Promise<CapacityChange> {
    return (await this.sync?.setCredits(sectionIds, credits, hold)) ?? { ok: true };
  }
  /**
   * Inside the change's transaction, right before its COMMIT: throws 503 when the change no longer holds
   * its sections — its hold lapsed, and the worker may have reloaded them from MySQL's old values and
   * decided with them — so the transaction rolls back.
   */
  async confirmHolds(sectionIds: readonly number[], hold: string, heldSince: number): Promise<void> {
    if (!this.sync || !sectionIds.length) return;
    // Held longer than a hold lasts: it may have lapsed, been repaired and been taken again by a later
    // step of this same change (same token), which Redis alone cannot tell from one that never lapsed.
    if (Date.now() - heldSince >= HOLD_MS || !(await this.sync.confirmHolds(sectionIds, hold))) {
      throw AppException.unavailable('Saving the change took too long, so nothing was changed; try again.', 1);
    }
  }
  /**
   * Releases a change's holds: how many sections it still held; -1 when the release failed (logged:
   * the holds lapse after HOLD_MS and the worker reloads those sections from MySQL, decisions for
   * them waiting until then).
   */
  async releaseHolds(sectionIds: readonly number[], hold: string): Promise<number> {
    if (!this.sync || !sectionIds.length) return sectionIds.length;
    return this.sync.releaseHolds(sectionIds, hold).catch((err: unknown) => {
      this.logger.error(`sections ${sectionIds.join(', ')}: could not release a staff change's hold (${message(err)}); it lapses in seconds and the worker reloads them from MySQL`);
      return -1;
    });
  }
  async setMaxCredits(studentId: number, maxCredits: number): Promise<CapacityChange> {
    return (await this.sync?.setMaxCredits(studentId, maxCredits)) ?? { ok: true };
  }
  async sectionsChanged(sectionIds: readonly number[], create = false): Promise<void> { await this.sync?.sectionsChanged(sectionIds, create); }
  async studentChanged(studentId: number, create = false): Promise<void> { await this.sync?.studentChanged(studentId, create); }
  async windowsChanged(): Promise<void> { await this.sync?.windowsChanged(); }
  async drawPending(drawId: string): Promise<boolean> { return (await this.sync?.drawPending(drawId)) ?? false; }

  /**
   * A staff delete of a section or student, the engine's side around MySQL's: Redis first (it
   * refuses while a seat there is held or awaited, or, for a student, a request is in line, and
   * otherwise marks it gone in the same step), then every decision made before that is waited for,
   * so that MySQL's foreign keys judge the delete (`deleteInMySql`) with all of them written (a grant
   * and its drop may both still be on their way). Both before the transaction: its row lock would
   * hold up those very commits, whose foreign-key checks read the row. A delete MySQL refuses clears
   * its own mark; after the commit the keys go (three tries). `inUse`: the 409 for seats held.
   */
  async deleteGuarded(who: Retiree, id: number, inUse: () => AppException, deleteInMySql: () => Promise<void>): Promise<void> {
    if (!this.sync) return deleteInMySql();
    const gone = await this.sync.retire(who, id);
    if (gone.kind === 'not-ready') {
      throw AppException.unavailable('Enrollment state is being rebuilt; try the delete again shortly.', 2);
    }
    if (gone.kind === 'busy') throw AppException.conflict(ErrorCode.IN_USE, `This ${who} is already being deleted.`);
    if (gone.kind === 'in-use') throw inUse();
    try {
      if (!(await this.sync.untilDurable(gone.seq, RETIRE_DURABLE_TIMEOUT_MS))) {
        throw AppException.unavailable('Recent enrollment decisions are not saved yet; try the delete again shortly.', 2);
      }
      await deleteInMySql();
    } catch (err) {
      await this.undo(`${who} ${id}`, () => this.sync!.restore(who, id, gone.mark));
      throw err;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sync.forgetDeleted(who, id);
      } catch (err) {
        // Left behind, the keys would take requests again once the mark lapses.
        if (attempt >= 3) return this.logger.error(`${who} ${id}: deleted in MySQL, but its Redis keys could not be removed (${message(err)}); run \`npm run reconcile\``);
        await sleep(200 * attempt);
      }
    }
  }

  /**
   * Undoes in Redis a staff change MySQL then refused; a failed undo (or one `fn` reports by
   * throwing) is logged: a reconcile repairs it. `what`: e.g. "section 12".
   */
  async undo(what: string, fn: () => Promise<unknown>): Promise<void> {
    await fn().catch((err: unknown) => this.logger.error(`${what}: could not undo a staff change in Redis after MySQL refused it (${message(err)}); run \`npm run reconcile\``));
  }
}

/**
 * One staff change's hold (EngineSyncGateway.newHold): the sections it has asked Redis to hold, since
 * when, and whether it has let them go.
 */
export class StaffHold {
  readonly token = randomUUID();
  private sectionIds: number[] = [];
  private since = 0;
  private released = false;

  constructor(private readonly gateway: EngineSyncGateway) {}

  /** The token for a guarded call that holds these sections; taken before the call, so a timeout after Redis applied it is still released. */
  take(sectionIds: readonly number[]): string {
    for (const id of sectionIds) if (!this.sectionIds.includes(id)) this.sectionIds.push(id);
    this.since ||= Date.now();
    return this.token;
  }

  /** Right before the COMMIT (a StaffChangeRunner beforeCommit): 503 when the hold was lost. */
  confirm(): Promise<void> {
    return this.sectionIds.length ? this.gateway.confirmHolds(this.sectionIds, this.token, this.since) : Promise.resolve();
  }

  /** Lets the sections go (once); false when the change no longer held them (its hold lapsed during the COMMIT itself). */
  async release(): Promise<boolean> {
    if (this.released || !this.sectionIds.length) return true;
    this.released = true;
    return (await this.gateway.releaseHolds(this.sectionIds, this.token)) !== 0;
  }
}

/** A guarded change refused because a prime or reconcile is running (it would write MySQL's values over it). */
export const rebuilding = () =>
  AppException.unavailable('Enrollment state is being rebuilt; try the change again shortly.', 2);

/**
 * How long a staff delete waits for the decisions made before Redis marked the section or student
 * gone to be durable (a commit takes tens of ms; longer means MySQL is struggling).
 */
const RETIRE_DURABLE_TIMEOUT_MS = 5000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
