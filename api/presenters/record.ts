import type { NamedRecordRow, WorklistEntry } from '../../commands/ballot-record.js';
import { maskPhone } from '../../lib/log.js';
import { receiptCode } from '../../messages/chat.js';

/**
 * The named record of a closed ballot: each flat, its owners by name (published to the unit's owners
 * once the ballot closes; phones never), what counts, and every vote with its channel, time, who said
 * it, its reference and its receipt code (as the voter's receipt showed it) and full hash.
 */
export function presentNamedRecord(ballotId: string, status: string, rows: readonly NamedRecordRow[]) {
  return {
    ballotId,
    status,
    flats: rows.map((row) => ({
      room: row.room,
      floor: row.floor,
      owners: row.owners.map((owner) => owner.name),
      counted: row.counted ?? null,
      conflict: row.conflict,
      votes: row.votes.map((vote) => ({
        choice: vote.choice,
        channel: vote.channel,
        castAt: vote.castAt,
        voterId: vote.voterId ?? null,
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
 * The door-to-door worklist of an open ballot: the flats to visit, most urgent first, each with its
 * owners' names and masked phones (the committee calls ahead; the whole number is on its own roll).
 */
export function presentWorklist(ballotId: string, rows: readonly WorklistEntry[]) {
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
      owners: row.owners.map((owner) => ({
        name: owner.name,
        ...(owner.phone === undefined ? {} : { phone: maskPhone(owner.phone) }),
      })),
    })),
  };
}
