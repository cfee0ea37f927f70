/**
 * What agent programs leave behind if the process exits before their episodes end (a second
 * Ctrl-C): their process groups and prompt directories. Each thread registers its own, and
 * worker threads tell the main thread too — a process exiting runs only the main thread's exit
 * handlers — so the main thread's handler kills every group and removes every directory.
 */
import { rmSync } from 'node:fs';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

/** A process group (by its leader's pid) or a directory. */
type Leftover = { readonly kind: 'group'; readonly pid: number } | { readonly kind: 'dir'; readonly path: string };

const held = new Map<string, Leftover>();
const keyOf = (item: Leftover): string => (item.kind === 'group' ? `g:${item.pid}` : `d:${item.path}`);

const channel = new BroadcastChannel('faultline:agent-program-leftovers');
// Never what keeps a process alive.
channel.unref();

if (isMainThread) {
  channel.onmessage = (event) => {
    const { item, held: holds } = (event as { data: { item: Leftover; held: boolean } }).data;
    if (holds) held.set(keyOf(item), item);
    else held.delete(keyOf(item));
  };
  process.on('exit', () => {
    for (const item of held.values()) {
      if (item.kind === 'group') {
        try {
          process.kill(-item.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      } else rmSync(item.path, { recursive: true, force: true });
    }
  });
}

/** Registers (`holds` true) or releases something to clean up if the process exits first. */
export function leftover(item: Leftover, holds: boolean): void {
  if (isMainThread) {
    if (holds) held.set(keyOf(item), item);
    else held.delete(keyOf(item));
  } else channel.postMessage({ item, held: holds });
}
