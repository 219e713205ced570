import { CatalogueSync, type CapacityChange, type SectionReshape } from './catalogue-sync.service.js';
import type { CapacityResult, EngineScripts, RetireResult, Retiree, SectionShape } from './engine-scripts.js';
import { slotsOf } from './engine-state.repository.js';
import type { CommitWatermark } from './commit-watermark.js';
import type { EngineStateWriter } from './engine-state.writer.js';
import type { OpenWindows } from './open-windows.js';

const asChange = (r: CapacityResult): CapacityChange =>
  r.kind === 'below-enrollment' ? { ok: false, enrolled: r.enrolled } : r.kind === 'not-ready' ? { ok: false, enrolled: 0, rebuilding: true } : { ok: true };

/** CatalogueSync backed by the engine's Redis state. */
export class RedisCatalogueSync extends CatalogueSync {
  constructor(
    private readonly scripts: EngineScripts,
    private readonly writer: EngineStateWriter,
    private readonly windows: OpenWindows | null,
    private readonly watermark: CommitWatermark | null = null,
  ) { super(); }

  async setCapacity(sectionId: number, capacity: number, hold = ''): Promise<CapacityChange> {
    return this.onSection(sectionId, () => this.scripts.setCapacity(sectionId, capacity, hold));
  }

  async reshapeSection(sectionId: number, change: SectionReshape, hold = ''): Promise<CapacityChange> {
    const l = change.lecture;
    const shape: SectionShape = {
      ...(change.meetings ? { slots: slotsOf(change.meetings).join(',') } : {}),
      ...(l ? { lec: String(l.id), cr: String(l.credits), maj: String(l.majorId), ge: l.generalEducation ? '1' : '0' } : {}),
    };
    return this.onSection(sectionId, () => this.scripts.reshapeSection(sectionId, shape, hold));
  }

  async setCredits(sectionIds: readonly number[], credits: number, hold = ''): Promise<CapacityChange> {
    if (!sectionIds.length) return { ok: true };
    return asChange(await this.scripts.setCredits(sectionIds, credits, hold));
  }

  async confirmHolds(sectionIds: readonly number[], hold: string): Promise<boolean> {
    return this.scripts.confirmHolds(sectionIds, hold);
  }

  async releaseHolds(sectionIds: readonly number[], hold: string): Promise<number> {
    return (await this.scripts.releaseHolds(sectionIds, hold)).released;
  }

  async setMaxCredits(studentId: number, maxCredits: number): Promise<CapacityChange> {
    const r = await this.scripts.setMaxCredits(studentId, maxCredits);
    return r.kind === 'below-enrollment' ? { ok: false, enrolled: r.enrolled } : { ok: true };
  }

  /** Runs a guarded change of one section's state; a section Redis does not know yet is loaded first. */
  private async onSection(sectionId: number, change: () => Promise<CapacityResult>): Promise<CapacityChange> {
    let r = await change();
    if (r.kind === 'unknown-section') {
      await this.writer.refresh({ sectionIds: [sectionId], create: true });
      r = await change();
      // Still unknown: MySQL no longer has it (a delete committed meanwhile).
      if (r.kind === 'unknown-section') return { ok: false, enrolled: 0, gone: true };
    }
    return asChange(r);
  }

  async sectionsChanged(sectionIds: readonly number[], create = false): Promise<void> {
    if (sectionIds.length) await this.writer.refresh({ sectionIds: [...sectionIds], create });
  }
  async studentChanged(studentId: number, create = false): Promise<void> { await this.writer.refresh({ studentIds: [studentId], create }); }
  async retire(who: Retiree, id: number): Promise<RetireResult> { return this.scripts.retire(who, id); }
  async restore(who: Retiree, id: number, mark: string): Promise<void> { if (mark) await this.scripts.restoreRetired(who, id, mark); }
  async forgetDeleted(who: Retiree, id: number): Promise<void> { await this.writer.forgetDeleted(who, id); }

  async untilDurable(seq: number, timeoutMs: number): Promise<boolean> {
    if (!this.watermark) return true;
    return this.watermark.waitFor(seq, timeoutMs).then(() => true, () => false);
  }

  async windowsChanged(): Promise<void> { this.windows?.invalidate(); }
  async drawPending(drawId: string): Promise<boolean> { return this.writer.drawPending(drawId); }
}
