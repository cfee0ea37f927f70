/** The messages between an async vector env and its worker threads. */
import type { MakeOptions } from '../core/registry.js';
import type { SetupEntry } from '../run/setup.js';
import type { AutoresetMode, SubReset, SubStepResult } from './types.js';
import type { ResetOutcome } from './reset-each.js';

/** What the main thread sends; `id` pairs a request with its reply. */
export type ToVectorWorker =
  | {
      readonly id: number;
      readonly type: 'init';
      readonly setup: readonly SetupEntry[];
      readonly imports: readonly string[];
      readonly envId: string;
      readonly makeOptions: MakeOptions;
      readonly mode: AutoresetMode;
      readonly indices: readonly number[];
    }
  | { readonly id: number; readonly type: 'reset'; readonly orders: readonly SubReset[] }
  | { readonly id: number; readonly type: 'step'; readonly actions: readonly { index: number; action: unknown }[] }
  | { readonly id: number; readonly type: 'close' };

/** The value a reply carries, by request type. */
export type VectorWorkerValue =
  null | ResetOutcome<unknown> | readonly { index: number; result: SubStepResult<unknown> }[];

/** What a worker answers. */
export type FromVectorWorker =
  | { readonly id: number; readonly ok: true; readonly value: VectorWorkerValue }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };
