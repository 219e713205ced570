import { ErrorCode } from '@app/contracts';
import { AppException } from '../../common/app.exception.js';

/**
 * How long a staff delete waits for the decisions made before Redis let the section or student go
 * to be durable (a commit takes tens of ms; longer means MySQL is struggling).
 */
export const RETIRE_DURABLE_TIMEOUT_MS = 5000;

/** The delete could not be judged: decisions made before it are not in MySQL yet. */
export const notDurableYet = () =>
  new AppException(503, ErrorCode.UNAVAILABLE, 'Recent enrollment decisions are not saved yet; try the delete again shortly.', undefined, { 'Retry-After': '2' });

/** The engine is rebuilding its state (a delete now could be undone by it): try again shortly. */
export const engineRebuilding = () =>
  new AppException(503, ErrorCode.UNAVAILABLE, 'Enrollment state is being rebuilt; try the delete again shortly.', undefined, { 'Retry-After': '2' });

/** Removes a deleted record's Redis keys after the commit, a few tries: left behind, they would take requests once their mark lapses. */
export async function afterDelete(remove: () => Promise<void>, onFailure: (err: unknown) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await remove();
    } catch (err) {
      if (attempt >= 3) return onFailure(err);
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
