import { AuditLog } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FindOptionsWhere, Repository } from 'typeorm';

/** Reads the audit log newest first (writes happen in StaffChangeRunner, inside each change's transaction). */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditLog) private readonly log: Repository<AuditLog>) {}

  page(where: FindOptionsWhere<AuditLog>, page: number, size: number): Promise<[AuditLog[], number]> {
    return this.log.findAndCount({ where, order: { id: 'DESC' }, skip: (page - 1) * size, take: size });
  }
}
