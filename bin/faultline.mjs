#!/usr/bin/env node
// The `faultline` command. In a checkout (src/ present) it runs the TypeScript sources through
// tsx, so it never runs stale output; in an installed package it runs the compiled dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/src/cli/main.js', import.meta.url);
let entry = built;
if (existsSync(source)) {
  const { register: registerHooks } = await import('node:module');
  registerHooks('./source-condition.mjs', import.meta.url);
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
const { main } = await import(entry.href);
await main(process.argv);
