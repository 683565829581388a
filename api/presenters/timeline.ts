import { rolesOf, type CaseState } from '../../domain/case/index.js';
import type { ChainMismatch, ChainWalk, StoredEvent } from '../../models/case-stream.js';
import { timelineLine, type TimelineReader } from '../../messages/timeline.js';

/**
 * Who acted, as the timeline shows it: their kind (the administrator, a staff role, a resident, the
 * system) and id as the event records them — a staff member by their token's id, a resident by their
 * chat contact id, never a name — and, for a resident, the role the case gives them in the unit now
 * (a role recorded for their contact, else how they are bound to a flat).
 */
function presentActor(actor: StoredEvent['actor'], state: CaseState) {
  if (actor.kind !== 'resident') return { kind: actor.kind, id: actor.id };
  const role =
    rolesOf(state, actor.id)[0] ?? state.households.find((binding) => binding.contactId === actor.id)?.role;
  return { kind: actor.kind, id: actor.id, ...(role === undefined ? {} : { role }) };
}

/**
 * One event of a unit's stream on its timeline: its seq, type, time (UTC), channel, who acted, its
 * place in the hash chain (`prevHash`, `hash`) and a line saying what happened. The event's data is
 * not shown: the line says what `reader` may read of it (names only to those who may see them, see
 * `messages/timeline.ts`), and no phone number, code or chat text is ever in it.
 */
export function presentTimelineEvent(event: StoredEvent, state: CaseState, reader: TimelineReader) {
  return {
    seq: event.seq,
    type: event.type,
    at: event.at.toISOString(),
    channel: event.channel,
    actor: presentActor(event.actor, state),
    prevHash: event.prevHash,
    hash: event.hash,
    line: timelineLine(event, reader),
  };
}

/** Where a check of the chain broke: the event, why, and what the check compared. */
function presentBreak(walk: ChainWalk, mismatch: ChainMismatch) {
  const broken = walk.report.firstBreak!;
  return { seq: broken.seq, reason: broken.reason, expected: mismatch.expected, found: mismatch.found };
}

/**
 * A stream's chain as verified from its first event: `ok`, how many events hold (`events`), the last
 * of them (`head`: seq 0 and the genesis hash when none does), and where it broke (`brokenAt`).
 */
export function presentChainCheck(walk: ChainWalk) {
  return {
    ok: walk.report.ok,
    events: walk.report.events,
    head: { seq: walk.head.seq, hash: walk.head.hash },
    ...(walk.report.ok || walk.mismatch === undefined ? {} : { brokenAt: presentBreak(walk, walk.mismatch) }),
  };
}
