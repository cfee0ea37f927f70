/**
 * The built-in worlds. `registerBuiltinEnvs()` registers every task family of every world.
 */
import { registerFilesystemEnvs } from './filesystem/index.js';
import { registerFlakyApiEnvs } from './flaky-api/index.js';
import { registerDeployEnvs } from './deploy/index.js';
import { registerMockWebEnvs } from './mock-web/index.js';
import { registerPipelineEnvs } from './pipeline/index.js';

export * as filesystem from './filesystem/index.js';
export * as flakyApi from './flaky-api/index.js';
export * as deploy from './deploy/index.js';
export * as mockWeb from './mock-web/index.js';
export * as pipeline from './pipeline/index.js';

/** Registers every built-in env (idempotent). */
export function registerBuiltinEnvs(): void {
  registerFilesystemEnvs();
  registerFlakyApiEnvs();
  registerDeployEnvs();
  registerMockWebEnvs();
  registerPipelineEnvs();
}
