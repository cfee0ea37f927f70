/**
 * Loading the A2A SDK (`@a2a-js/sdk`), an optional peer dependency: it is imported only when a
 * team with an A2A role first sends a turn, so a user who never reaches a remote agent never
 * installs it. A missing package becomes one clear error with the line that installs it.
 */
import type * as A2aClientSdk from '@a2a-js/sdk/client';
import type * as A2aCommonSdk from '@a2a-js/sdk';
import { FaultlineError } from '../../core/errors.js';

/** The SDK's client module. */
export type A2aClientModule = typeof A2aClientSdk;
/** The SDK's common module (enums: `Role`, `TaskState`). */
export type A2aCommonModule = typeof A2aCommonSdk;

/** The parts of the SDK the A2A client uses. */
export interface A2aSdk {
  readonly client: A2aClientModule;
  readonly common: A2aCommonModule;
}

/** Imports a module by name (replaced in tests to play a missing package). */
export type A2aImporter = (name: '@a2a-js/sdk' | '@a2a-js/sdk/client') => Promise<unknown>;

const importByName: A2aImporter = (name) => import(name);

/** True when `error` says the SDK itself (not something it imports) could not be found. */
function isMissing(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  return (
    (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    e.message.includes("'@a2a-js/sdk")
  );
}

/**
 * Imports the SDK. When it is not installed, throws a `FaultlineError` saying so and how to
 * install it; `endpoint` names the agent that needed it.
 */
export async function loadA2aSdk(endpoint: string, importer: A2aImporter = importByName): Promise<A2aSdk> {
  try {
    const [client, common] = await Promise.all([importer('@a2a-js/sdk/client'), importer('@a2a-js/sdk')]);
    return { client: client as A2aClientModule, common: common as A2aCommonModule };
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw new FaultlineError(
      `The remote agent at ${endpoint} is reached over A2A with the A2A SDK, an optional dependency that is not installed: @a2a-js/sdk is missing. Fix: npm install @a2a-js/sdk (next to faultline).`,
      { cause: error },
    );
  }
}
