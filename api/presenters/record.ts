import type { NamedRecordRow, WorklistEntry } from '../../commands/ballot-record.js';
import { maskPhone } from '../../lib/log.js';
import { receiptCode } from '../../messages/chat.js';

/**
 * The record of a closed ballot: each flat, what counts, and every vote with its channel, time, its
 * reference and its receipt code (as the voter's receipt showed it) and full hash. `named` (see
 * `namedRecordOpenTo`: the committee, the administrator, the unit's own owners once it closed) adds
 * each flat's owners by name and who said each vote; anyone else reads it by room. Phones never.
 */
export function presentNamedRecord(
  ballotId: string,
  status: string,
  rows: readonly NamedRecordRow[],
  named: boolean,
) {
  return {
    ballotId,
    status,
    named,
    flats: rows.map((row) => ({
      room: row.room,
      floor: row.floor,
      ...(named ? { owners: row.owners.map((owner) => owner.name) } : {}),
      counted: row.counted ?? null,
      conflict: row.conflict,
      votes: row.votes.map((vote) => ({
        choice: vote.choice,
        channel: vote.channel,
        castAt: vote.castAt,
        voterId: named ? (vote.voterId ?? null) : null,
        reference: vote.reference ?? null,
        proxyFor: vote.proxyFor ?? null,
        valid: vote.valid,
        counts: vote.counts,
        receipt: receiptCode(vote.hash),
        hash: vote.hash,
      })),
    })),
  };
}

/**
 * The door-to-door worklist of an open ballot: the flats to visit, most urgent first — with, for whoever
 * sees names (`names`: the committee calls ahead; the whole number is on its own roll), each flat's
 * owners' names and masked phones; for other staff, the rooms alone.
 */
export function presentWorklist(ballotId: string, rows: readonly WorklistEntry[], names: boolean) {
  const count = (reason: WorklistEntry['reason']) => rows.filter((row) => row.reason === reason).length;
  return {
    ballotId,
    counts: {
      conflict: count('conflict'),
      reconfirm: count('reconfirm'),
      unbound: count('unbound'),
      notVoted: count('not_voted'),
    },
    flats: rows.map((row) => ({
      room: row.room,
      floor: row.floor,
      reason: row.reason,
      unbound: row.unbound,
      ...(names
        ? {
            owners: row.owners.map((owner) => ({
              name: owner.name,
              ...(owner.phone === undefined ? {} : { phone: maskPhone(owner.phone) }),
            })),
          }
        : {}),
    })),
  };
}
