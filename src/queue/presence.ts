import type { Redis } from 'ioredis';
export interface WorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly concurrency: number;
  readonly version: string;
  readonly imports: readonly string[];
  readonly startedAt: string;
}
export class WorkerPresence {
  constructor(_redis: Redis, _info: WorkerInfo) {}
  async start(): Promise<void> {}
  jobStarted(_id: string): void {}
  jobFinished(_id: string, _ok: boolean): void {}
  async stop(): Promise<void> {}
}
