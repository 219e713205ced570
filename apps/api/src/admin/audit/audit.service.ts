import type { Page } from '@app/contracts';
import type { AuditLog } from '@app/database';
import { Injectable } from '@nestjs/common';
import type { FindOptionsWhere } from 'typeorm';
import type { AuditEntryDto, AuditQueryDto } from './audit.dto.js';
import { AuditRepository } from './audit.repository.js';

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async list(q: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    const where: FindOptionsWhere<AuditLog> = {};
    if (q.entity) where.entity = q.entity;
    if (q.entityId) where.entityId = q.entityId;
    if (q.staffId) where.staffId = q.staffId;
    const [rows, total] = await this.repo.page(where, q.page, q.size);
    return {
      items: rows.map((r) => ({
        id: Number(r.id), staffId: r.staffId, action: r.action, entity: r.entity, entityId: r.entityId,
        before: r.before ?? null, after: r.after ?? null, createdAt: r.createdAt.toISOString(),
      })),
      page: q.page, size: q.size, total,
    };
  }
}
