export interface RawAnswer { status: number; retryAfter: string | null; body: string }

export class TimeoutError extends Error {}

export class RawHttpPool {
  constructor(base: string, connections: number, timeoutMs: number);
  readonly connected: number;
  connect(): Promise<void>;
  request(buf: Buffer): Promise<RawAnswer>;
  close(): void;
}
