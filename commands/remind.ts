import { enqueueMessage } from '../models/outbox.js';
import { openBallotOf, unitOfAsker, type ChatAskerInput } from './ballot-progress.js';
import { loadCase } from './case-views.js';
import type { CommandContext } from './context.js';
import { mayRemind } from './record-contact-role.js';

/** The private reminder's text for one contact's unvoted rooms (rendered by the transport). */
export type RenderReminder = (input: { room: string; closesAt?: Date }) => string;

export type RemindResult =
  | {
      readonly kind: 'reminded';
      /** Unvoted rooms with at least one bound contact (each contact got one reminder today). */
      readonly rooms: number;
      /** Reminders newly queued (0 when 提醒 was already said today). */
      readonly queued: number;
      /** Unvoted rooms nobody is bound to: they need a visit or a paper ballot. */
      readonly unboundRooms: readonly string[];
    }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'no_open_ballot' };

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/**
 * `提醒` (issue 4 item 5), from a contact recorded as committee or applicant of the unit: queues one
 * private reminder to each contact bound to a room of the open ballot's roster that has not voted,
 * priority `notice` (quiet hours apply), under `remind:<ballotId>:<contactId>:<Shanghai day>` — a
 * second 提醒 the same day queues nothing. Reads the case and writes only the outbox.
 */
export async function remindUnvoted(
  ctx: CommandContext,
  input: ChatAskerInput & { readonly render: RenderReminder },
  meta: { readonly now: Date },
): Promise<RemindResult> {
  const unitId = await unitOfAsker(ctx, input);
  if (unitId === null || !(await mayRemind(ctx, input.contactId, unitId))) return { kind: 'forbidden' };
  const { state } = await loadCase(ctx, unitId);
  const open = openBallotOf(state);
  if (open === undefined) return { kind: 'no_open_ballot' };
  const { ballot } = open;
  const voted = new Set(ballot.votes.map((vote) => vote.room));
  const unvoted = ballot.roster.map((flat) => flat.room).filter((room) => !voted.has(room));
  const byContact = new Map<string, string[]>();
  const unboundRooms: string[] = [];
  let rooms = 0;
  for (const room of unvoted) {
    const contacts = state.households.filter((h) => h.room === room).map((h) => h.contactId);
    if (contacts.length === 0) {
      unboundRooms.push(room);
      continue;
    }
    rooms++;
    for (const contactId of contacts) byContact.set(contactId, [...(byContact.get(contactId) ?? []), room]);
  }
  const closesAt = ballot.closesAt === undefined ? undefined : new Date(ballot.closesAt);
  const day = SHANGHAI_DAY.format(meta.now);
  let queued = 0;
  for (const [contactId, contactRooms] of byContact) {
    const outcome = await enqueueMessage(ctx.models.outbox, {
      _id: `remind:${ballot.ballotId}:${contactId}:${day}`,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text: input.render({
        room: contactRooms.join('、'),
        ...(closesAt === undefined ? {} : { closesAt }),
      }),
      priority: 'notice',
      createdAt: meta.now,
    });
    if (outcome === 'queued') queued++;
  }
  return { kind: 'reminded', rooms, queued, unboundRooms };
}
