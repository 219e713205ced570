import type { Page } from '@app/contracts';
import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { AppException } from '../../common/app.exception.js';

/**
 * The few queries every staff resource needs, on one entity: a page, one row (optionally
 * locked inside a transaction), and existence checks for ids a body refers to.
 */
export class EntityStore<T extends ObjectLiteral & { id: number }> {
  constructor(
    private readonly repo: Repository<T>,
    private readonly target: EntityTarget<T>,
    private readonly label: string,
  ) {}

  async page(page: number, size: number, where?: FindOptionsWhere<T> | FindOptionsWhere<T>[]): Promise<Page<T>> {
    const [items, total] = await this.repo.findAndCount({ where, order: { id: 'ASC' } as FindOptionsOrder<T>, skip: (page - 1) * size, take: size });
    return { items, page, size, total };
  }

  async findOrFail(id: number, em?: EntityManager, lock = false): Promise<T> {
    const repo = em ? em.getRepository(this.target) : this.repo;
    const row = await repo.findOne({ where: { id } as FindOptionsWhere<T>, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row) throw AppException.notFound(this.label);
    return row;
  }

  /** Whether any row of these entities matches `where` (the rows that keep a record from being deleted). */
  async referencedBy(entities: EntityTarget<ObjectLiteral>[], where: FindOptionsWhere<ObjectLiteral>, em: EntityManager = this.repo.manager): Promise<boolean> {
    for (const entity of entities) if (await em.exists(entity, { where })) return true;
    return false;
  }

  /** 400 naming `field` when a referenced id does not exist (checked inside the transaction). */
  static async mustExist(em: EntityManager, target: EntityTarget<ObjectLiteral>, id: number, field: string): Promise<void> {
    if (!(await em.getRepository(target).exists({ where: { id } }))) {
      throw AppException.validation([{ field, problem: 'does not exist' }], `${field} ${id} does not exist`);
    }
  }
}
