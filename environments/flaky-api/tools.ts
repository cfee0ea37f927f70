/**
 * The tools of the `flaky-api` world, kept at this path for its importers: they live in `tools/`,
 * one file per resource group.
 */
export * from './tools/index.js';
