import { Injectable } from '@nestjs/common';
import { CredentialsRepository } from './credentials.repository.js';

/** How long a staff account seen to exist is taken to still exist, per API process. */
const STAFF_CHECK_MS = 5000;

/**
 * Whether a staff account still exists, for the guard: a deleted account's access token must stop
 * working (it went on reading students and enrolling for them until it expired, 15 minutes later).
 * Staff routes only, and at most one MySQL read per account every STAFF_CHECK_MS; the process
 * that deletes an account forgets it at once, the others within STAFF_CHECK_MS. (Student tokens are
 * checked by the routes that read the student, and by the engine on the enroll path.)
 */
@Injectable()
export class StaffAccounts {
  private readonly seen = new Map<number, number>();

  constructor(private readonly credentials: CredentialsRepository) {}

  async exists(id: number, now = Date.now()): Promise<boolean> {
    const at = this.seen.get(id);
    if (at !== undefined && now - at < STAFF_CHECK_MS) return true;
    if (!(await this.credentials.findStaff(id))) {
      this.seen.delete(id);
      return false;
    }
    this.seen.set(id, now);
    return true;
  }

  forget(id: number): void {
    this.seen.delete(id);
  }
}
