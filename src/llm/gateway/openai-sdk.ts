/**
 * The `openai` package, imported when a model is first called rather than when faultline loads.
 * It is about 150 modules: loading it took a third of the start-up of `faultline run` and of every
 * worker thread of a run, which pays it even when no team of the run calls a model.
 */

import type * as OpenAiModule from 'openai';

/** The `openai` module. */
export type OpenAiSdk = typeof OpenAiModule;

let sdk: Promise<OpenAiSdk> | undefined;

/** The `openai` module, imported on the first call (every later call gets the same module). */
export function openAiSdk(): Promise<OpenAiSdk> {
  return (sdk ??= import('openai'));
}
