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
