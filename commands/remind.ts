import {
  countedVotes,
  requireRole,
  rolesOf,
  type BallotState,
  type CaseState,
} from '../domain/case/index.js';
import { formatDocumentTime } from '../lib/format-time.js';
import { enqueueMessage } from '../models/outbox.js';
import { openidOf, queueSubscriberReminder } from './reminders.js';
import { openBallotOf, unitOfAsker, type ChatAskerInput } from './ballot-progress.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { reminderMessage } from '../messages/ballot.js';
import { subscriberBallotReminder } from '../messages/subscriber.js';

/** What one round of reminders did. */
export interface RemindersQueued {
  /** Unvoted rooms with at least one bound contact (each contact got one reminder today). */
  readonly rooms: number;
  /** Reminders newly queued (0 when the round already ran today). */
  readonly queued: number;
  /** Unvoted rooms nobody is bound to: they need a visit or a paper ballot. */
  readonly unboundRooms: readonly string[];
}

export type RemindResult =
  ({ readonly kind: 'reminded' } & RemindersQueued) | { readonly kind: 'no_open_ballot' };

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/**
 * Queues one private reminder to each contact bound to a room of `ballot`'s roster whose vote does not
 * count yet (never voted, or asked to vote again after a plan change); proxies waiting for the owner
 * are left out. Priority `notice` (quiet hours apply), under `remind:<ballotId>:<contactId>:<Shanghai
 * day>`: one reminder per contact per day, whether it came from `提醒` or from the schedule. A reminder
 * not sent by the ballot's close (held by quiet hours, the bot away) is dropped: it would ask to vote
 * on a closed ballot.
 *
 * Each person is reminded where they can be reached: a chat contact in a private chat; a resident of
 * the mini-program (`mp:<openid>`) by a subscription message, when they allowed one (each spends one
 * tap on 允许) — never in chat, where the bot cannot find them; a development sign-in (`dev:…`) not at
 * all. The same outbox id either way: one reminder per person per day.
 */
export async function queueReminders(
  ctx: CommandContext,
  state: CaseState,
  ballot: BallotState,
  meta: { readonly now: Date },
): Promise<RemindersQueued> {
  const voted = new Set(countedVotes(ballot).map((vote) => vote.room));
  const unvoted = ballot.roster.map((flat) => flat.room).filter((room) => !voted.has(room));
  const byContact = new Map<string, string[]>();
  const unboundRooms: string[] = [];
  let rooms = 0;
  for (const room of unvoted) {
    const contacts = state.households
      .filter((h) => h.room === room && h.pending !== true)
      .map((h) => h.contactId);
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
    const outboxId = `remind:${ballot.ballotId}:${contactId}:${day}`;
    if (openidOf(contactId) !== null) {
      const endsAt = new Date(ballot.closesAt ?? ballot.earliestCloseAt);
      const outcome = await queueSubscriberReminder(
        ctx,
        {
          contactId,
          kind: 'ballot',
          outboxId,
          groupKey: state.groupRoomId ?? null,
          text: reminderMessage({
            room: contactRooms.join('、'),
            ...(closesAt === undefined ? {} : { closesAt }),
          }),
          page: `pages/vote/index?ballotId=${encodeURIComponent(ballot.ballotId)}`,
          data: subscriberBallotReminder({
            unitName: state.unit?.name ?? '',
            endsAt: formatDocumentTime(endsAt),
          }),
          ...(closesAt === undefined ? {} : { expiresAt: closesAt }),
        },
        meta.now,
      );
      if (outcome === 'queued') queued++;
      continue;
    }
    if (contactId.startsWith('dev:')) continue;
    const outcome = await enqueueMessage(ctx.models.outbox, {
      _id: outboxId,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text: reminderMessage({
        room: contactRooms.join('、'),
        ...(closesAt === undefined ? {} : { closesAt }),
      }),
      priority: 'notice',
      createdAt: meta.now,
      ...(closesAt === undefined ? {} : { expiresAt: closesAt }),
    });
    if (outcome === 'queued') queued++;
  }
  return { rooms, queued, unboundRooms };
}

/**
 * `提醒`, from a contact recorded with a role in the unit: {@link queueReminders} for
 * the open elevator ballot. Reads the case and writes only the outbox.
 */
export async function remindUnvoted(
  ctx: CommandContext,
  input: ChatAskerInput,
  meta: { readonly now: Date },
): Promise<RemindResult> {
  const unitId = await unitOfAsker(ctx, input);
  const state = unitId === null ? null : (await loadCase(ctx, unitId)).state;
  // Someone with no unit here holds no role in it: refused like a resident.
  requireRole('remind', { roles: state === null ? [] : rolesOf(state, input.contactId) });
  const open = state === null ? undefined : openBallotOf(state);
  if (state === null || open === undefined) return { kind: 'no_open_ballot' };
  return { kind: 'reminded', ...(await queueReminders(ctx, state, open.ballot, meta)) };
}
