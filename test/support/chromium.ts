/**
 * Where the tests find a Chromium to drive: the system's own (Debian's `chromium`, which CI's
 * `.ci/run` installs), never one downloaded by a package. A test that needs it fails, with the
 * way to install it, when there is none: it never skips.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InvalidArgumentError } from '../../src/core/errors.js';

/** The variable that names the executable, for a Chromium or Chrome installed elsewhere. */
export const CHROMIUM_VAR = 'FAULTLINE_CHROMIUM';

/** Executable names looked up on PATH, in this order (Debian's name first). */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Where Debian and Ubuntu put it, looked at after PATH (a test runner may have a short PATH). */
const USUAL_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The path of the Chromium to launch: `$FAULTLINE_CHROMIUM` when set (it must be an executable
 * file), else the first of {@link NAMES} on PATH, else the first of `usualPaths` that exists.
 * @throws Error saying how to install one when none is found.
 */
export function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
  usualPaths: readonly string[] = USUAL_PATHS,
): string {
  const named = env[CHROMIUM_VAR];
  if (named !== undefined && named !== '') {
    if (isExecutableFile(named)) return named;
    throw new InvalidArgumentError(
      CHROMIUM_VAR,
      named,
      'the path of an executable Chromium or Chrome',
      `point it at one (e.g. ${CHROMIUM_VAR}=/usr/bin/chromium), or unset it to use the chromium on PATH`,
    );
  }
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of NAMES)
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutableFile(path)) return path;
    }
  for (const path of usualPaths) if (isExecutableFile(path)) return path;
  throw new Error(
    `No Chromium found for the browser test: ${CHROMIUM_VAR} is not set, none of ${NAMES.join(', ')} is on PATH, ` +
      `and none of ${usualPaths.join(', ')} exists. Install Debian's (as .ci/run does): ` +
      `apt-get update && apt-get install -y --no-install-recommends chromium — or set ${CHROMIUM_VAR} to a Chromium or Chrome executable.`,
  );
}
