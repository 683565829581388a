import type { UpdatedRoster } from '../../commands/update-roster.js';

/**
 * What a roster update changed, beside the presented unit: whether an event was appended, the rooms
 * added, removed and changed, and the ballots that were open (they keep the roster they froze).
 */
export function presentRosterUpdate(updated: UpdatedRoster) {
  return {
    updated: updated.event !== undefined,
    added: [...updated.changes.added],
    removed: [...updated.changes.removed],
    changed: [...updated.changes.changed],
    openBallotIds: [...updated.openBallotIds],
  };
}
