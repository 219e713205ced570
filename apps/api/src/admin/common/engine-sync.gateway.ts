import { CatalogueSync, type CapacityChange, type RetireChange, type SectionReshape } from '@app/engine';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

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

  async setCapacity(sectionId: number, capacity: number): Promise<CapacityChange> {
    return (await this.sync?.setCapacity(sectionId, capacity)) ?? { ok: true };
  }
  async reshapeSection(sectionId: number, change: SectionReshape): Promise<CapacityChange> {
    return (await this.sync?.reshapeSection(sectionId, change)) ?? { ok: true };
  }
  async setCredits(sectionIds: readonly number[], credits: number): Promise<CapacityChange> {
    return (await this.sync?.setCredits(sectionIds, credits)) ?? { ok: true };
  }
  async setMaxCredits(studentId: number, maxCredits: number): Promise<CapacityChange> {
    return (await this.sync?.setMaxCredits(studentId, maxCredits)) ?? { ok: true };
  }
  async sectionChanged(sectionId: number, create = false): Promise<void> { await this.sync?.sectionChanged(sectionId, create); }
  async studentChanged(studentId: number, create = false): Promise<void> { await this.sync?.studentChanged(studentId, create); }
  async retireSection(sectionId: number): Promise<RetireChange> { return (await this.sync?.retireSection(sectionId)) ?? { ok: true, seq: 0, mark: '' }; }
  async retireStudent(studentId: number): Promise<RetireChange> { return (await this.sync?.retireStudent(studentId)) ?? { ok: true, seq: 0, mark: '' }; }
  async restoreSection(sectionId: number, mark: string): Promise<void> { await this.sync?.restoreSection(sectionId, mark); }
  async restoreStudent(studentId: number, mark: string): Promise<void> { await this.sync?.restoreStudent(studentId, mark); }
  async untilDurable(seq: number, timeoutMs: number): Promise<boolean> { return (await this.sync?.untilDurable(seq, timeoutMs)) ?? true; }
  async sectionGone(sectionId: number): Promise<void> { await this.sync?.sectionGone(sectionId); }
  async studentGone(studentId: number): Promise<void> { await this.sync?.studentGone(studentId); }
  async windowsChanged(): Promise<void> { await this.sync?.windowsChanged(); }
}
