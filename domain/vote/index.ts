/**
 * The unit vote (Civil Code art. 278; SPC building-division interpretation arts. 8–9): areas in
 * 0.01 m², the roster and its headcount, and the double-threshold tally.
 */
export { MAX_AREA_CENTI, formatArea, parseArea } from './area.js';
export { VOTE_ERROR_CODES } from './codes.js';
export {
  DEVELOPER_KEY,
  ROOM_KEY_PREFIX,
  buildRoster,
  countTotals,
  personKeyOf,
  rosterProblems,
} from './roster.js';
export type { Roster, RosterPerson, RosterProblem } from './roster.js';
export { countedVote, tallyVotes } from './tally.js';
export type { Standing } from './tally.js';
export { AREA_SOURCES, CHOICES, MATTERS } from './types.js';
export type * from './types.js';
