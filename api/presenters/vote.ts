import type { CastVoteResult } from '../../commands/cast-vote.js';

/**
 * Shows a vote's receipt: the stored event's id, seq, hash and time, and what was recorded. The hash
 * lets the voter (or an auditor) check later that this exact vote is in the unit's chain.
 */
export function presentVoteReceipt(result: CastVoteResult) {
  const { event } = result;
  const data = event.data as { ballotId: string; room: string; choice: string; reference?: string };
  return {
    id: `${event.caseId}:${event.seq}`,
    ballotId: data.ballotId,
    room: data.room,
    choice: data.choice,
    channel: event.channel,
    ...(data.reference === undefined ? {} : { reference: data.reference }),
    receipt: {
      seq: event.seq,
      hash: event.hash,
      prevHash: event.prevHash,
      at: event.at.toISOString(),
    },
  };
}
