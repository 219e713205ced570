import type { ChildProcess } from 'node:child_process';

export interface DbAddress { host: string; port: number; user: string; password: string }
export interface Started { pid: number; port: number; child: ChildProcess; stop(): Promise<void> }

export function freePort(): Promise<number>;
export function which(bin: string, extra?: string[]): string | null;
export function ensurePackage(bin: string, pkg: string, why?: string): string;
export function redisAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export function mysqlAnswers(db: DbAddress, timeoutMs?: number): Promise<boolean>;
export function startRedisServer(opts: { dir: string; port?: number; appendfsync?: 'always' | 'everysec' | 'no'; appendonly?: boolean }): Promise<Started & { url: string }>;
export function startMariaDb(opts: { dir: string; port?: number }): Promise<Started & { db: DbAddress }>;
export function ensureServices(opts: { dataDir: string; db: DbAddress; redisUrl: string }): Promise<{
  db: DbAddress; redisUrl: string; started: string[]; stop(): Promise<void>;
}>;
export function benchServices(): ReturnType<typeof ensureServices>;
