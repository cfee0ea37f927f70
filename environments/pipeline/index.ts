/**
 * The `pipeline` world: the mock web and a software project composed into one world, with the
 * task family `pipeline/research-to-config-v1` (research on the web, then write a config module).
 */
import type { TaskFamily } from '../../src/team/world.js';
import type { PipelineState } from './state.js';
import { generateResearchToConfig, researchToConfigFamily } from './families/research-to-config.js';

export { pipelineWorld } from './world.js';
export { PIPELINE_CHECKERS } from './checkers.js';
export type { PipelineState } from './state.js';
export { researchToConfigFamily, generateResearchToConfig };

/** Every task family of the pipeline world. */
export const PIPELINE_FAMILIES: readonly TaskFamily<PipelineState>[] = [researchToConfigFamily];
