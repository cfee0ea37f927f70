/**
 * The role in the model proxy's path of an agent program that plays the whole team. Its calls
 * belong to no single role: each is attributed to the role whose step it leads to (through
 * `takeTurn`), and a scripted model places it by its step alone.
 */
export const TEAM_PROXY_ROLE = 'team';
