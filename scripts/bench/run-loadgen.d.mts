import type { ChildProcess } from 'node:child_process';

/** What loadgen.mjs writes to job.out: one entry per arrival in each record array. */
export interface LoadgenOut {
  t0: number;
  n: number;
  records: {
    due: number[]; lat: number[]; sendLag: number[]; status: number[]; retryAfter: (string | null)[];
    code: (string | null)[]; rid: (string | null)[]; pos: number[]; outcome: (string | null)[]; reason: (string | null)[];
  };
  follows: unknown[];
}

export function runLoadgen(job: Record<string, unknown> & { out: string }, opts?: {
  onStart?: (child: ChildProcess) => void;
  onLine?: (message: Record<string, unknown>) => void;
  killAfterMs?: number;
}): Promise<LoadgenOut>;
