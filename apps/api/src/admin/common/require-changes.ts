import { AppException } from '../../common/app.exception.js';

/** PATCH with nothing in it is a mistake, not a no-op. */
export function requireChanges(body: object): void {
  if (!Object.values(body).some((v) => v !== undefined)) {
    throw AppException.validation([{ field: 'body', problem: 'names no field to change' }], 'Send at least one field to change.');
  }
}
