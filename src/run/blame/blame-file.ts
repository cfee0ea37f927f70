/** Where `faultline blame` leaves its result: a file of the run directory the report reads. */

/** The file `faultline blame` writes into the run directory (a `BlameReport` as JSON). */
export const BLAME_FILE = 'blame.json';

/** The `format` of that file. */
export const BLAME_FORMAT = 'faultline.blame/1';
