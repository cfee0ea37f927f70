/**
 * The built-in worlds. `registerBuiltinEnvs()` registers every task family of every world.
 */
import { registerFilesystemEnvs } from './filesystem/index.js';

export * as filesystem from './filesystem/index.js';

/** Registers every built-in env (idempotent). */
export function registerBuiltinEnvs(): void {
  registerFilesystemEnvs();
}
