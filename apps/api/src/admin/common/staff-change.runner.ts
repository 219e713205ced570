import { AuditLog } from '@app/database';
import { ErrorCode } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../../common/app.exception.js';

export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE';

export interface ChangeOutcome<R> {
  entityId: number | string;
  before: unknown;
  after: unknown;
  result: R;
  /**
   * Runs inside the transaction, after the audit row, right before COMMIT (a check that must hold at
   * the commit: the engine's hold on what it changed); throwing rolls the change back.
   */
  beforeCommit?: () => Promise<void>;
  /** Runs after the commit (engine sync, cache invalidation); its failure is logged, not answered. */
  afterCommit?: () => Promise<void>;
}

const mysqlCode = (err: unknown): string | undefined =>
  (err as { driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;

/**
 * Every staff write goes through here: one transaction for the change and its audit row
 * (who, what, before, after), MySQL's refusals turned into the contract's 409s.
 */
@Injectable()
export class StaffChangeRunner {
  private readonly logger = new Logger('StaffChange');
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async run<R>(staffId: number, entity: string, action: AuditAction, change: (em: EntityManager) => Promise<ChangeOutcome<R>>): Promise<R> {
    let outcome: ChangeOutcome<R>;
    try {
      outcome = await this.db.transaction(async (em) => {
        const out = await change(em);
        await em.save(em.create(AuditLog, { staffId, action, entity, entityId: String(out.entityId), before: out.before ?? null, after: out.after ?? null }));
        await out.beforeCommit?.();
        return out;
      });
    } catch (err) {
      throw translate(err);
    }
    if (outcome.afterCommit) {
      await outcome.afterCommit().catch((err) => this.logger.error(`after-commit sync of ${entity} ${outcome.entityId} failed: ${err}`));
    }
    return outcome.result;
  }
}

function translate(err: unknown): unknown {
  switch (mysqlCode(err)) {
    case 'ER_ROW_IS_REFERENCED':
    case 'ER_ROW_IS_REFERENCED_2':
      return AppException.conflict(ErrorCode.IN_USE, 'Something still refers to this record; remove those first.');
    case 'ER_DUP_ENTRY':
      return AppException.conflict(ErrorCode.ALREADY_EXISTS, 'A record with the same unique value already exists.');
    case 'ER_NO_REFERENCED_ROW':
    case 'ER_NO_REFERENCED_ROW_2':
      return AppException.validation([{ field: 'id', problem: 'refers to a record that does not exist' }], 'A referenced record does not exist.');
    case 'ER_DATA_TOO_LONG':
    case 'ER_TRUNCATED_WRONG_VALUE':
    case 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD': {
      // A text the validator measured within its limit (it does not count variation selectors, the
      // column does), or a date MySQL cannot store (after year 9999): the column is named in the message.
      // "for column 'name'" (too long) or "for column `db`.`table`.`ends_at`" (a date).
      const column = /column\s+[`']?(?:\w+[`']?\.[`']?)*(\w+)/.exec(err instanceof Error ? err.message : '')?.[1];
      const field = column ? column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) : 'body';
      return AppException.validation([{ field, problem: 'is too long or out of range for what can be stored' }], `${field} is too long or out of range for what can be stored.`);
    }
    case 'ER_CHECK_CONSTRAINT_VIOLATED':
    case 'ER_CONSTRAINT_FAILED':
      return AppException.validation([{ field: 'body', problem: 'breaks a rule of the schema' }], 'A value is out of range.');
    default:
      return err;
  }
}
