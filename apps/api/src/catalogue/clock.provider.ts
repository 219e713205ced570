import { Injectable } from '@nestjs/common';

/** The clock, behind a provider so window logic can be tested at any instant. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
