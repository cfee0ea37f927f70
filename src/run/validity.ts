/** The validity experiment (see `./validity/index.ts`). */
export * from './validity/index.js';
