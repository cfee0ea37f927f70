/**
 * The ids of the validity experiment's teams, in report order, without loading the teams (their
 * probes and flawed agents): the CLI lists them in `faultline validity --help`, which every
 * command's start-up builds. A test keeps this list equal to `VALIDITY_TEAMS`.
 */
export const VALIDITY_TEAM_IDS: readonly string[] = [
  'oracle',
  'lossy-handoff',
  'drifting',
  'brittle',
  'credulous',
  'paraphrasing',
  'alternative-path',
  'swallower',
  'wrong-fallback',
  'do-nothing',
  'quitter',
  'injection-follower',
  'reverter',
  'fact-drop',
  'hedger',
  'own-mistake',
];
