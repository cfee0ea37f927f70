/**
 * The URL of a module beside the caller, with the caller's own extension: `.ts` when it runs from
 * the sources (through tsx), `.js` from the compiled output. A setup module's URL is named by a
 * small module of its own (`setup-url.ts` beside it), so that naming a setup for a run's worker
 * threads does not load the setup and everything it imports into the thread that only names it.
 */
export function siblingModuleUrl(callerUrl: string, name: string): string {
  const extension = new URL(callerUrl).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, callerUrl).href;
}
