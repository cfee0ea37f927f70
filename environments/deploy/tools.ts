/**
 * The tools of the deploy world, kept at this path for its importers: they live in `tools/`, one
 * file per concern.
 */
export * from './tools/index.js';
