/**
 * The `__world__` world's entry point. Importing it registers the task family as the env
 * `__world__/tag-records-v1`, so `--import` makes it known to the CLI:
 *
 *   faultline check __world__/tag-records-v1 --import ./index.ts
 *   faultline run --env __world__/tag-records-v1 --team oracle --import ./index.ts
 */
import { registerTaskFamily } from 'faultline/authoring';
import { family } from './family.js';

export { world } from './world.js';
export { family };
export type { __World__State, StoredRecord } from './state.js';

registerTaskFamily(family);
