import { shanghaiDayOf } from '../domain/calendar/index.js';
import { clockSettingsOf, type CaseState, type PublicityState } from '../domain/case/index.js';
import { DEFAULT_CLOCK_SETTINGS } from '../domain/clocks/index.js';
import type { StoredEvent } from '../models/case-stream.js';
import { noticeToGroup } from './announce.js';
import { loadCase } from './kernel/read.js';
import { computePeriodEnd } from './compute-period-end.js';
import type { CommandContext } from './kernel/context.js';
import { requireUnitId } from './kernel/ids.js';
import { publicityStartedNotice } from '../messages/publicity.js';
import { subscriberPublicityNotice } from '../messages/subscriber.js';
import { dayOr } from './lifecycle-step.js';
import { openidOf, queueSubscriberReminder } from './reminders.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** The publicity period in calendar days when the caller names none (domain.md §3: 10, configurable). */
export const DEFAULT_PUBLICITY_DAYS = DEFAULT_CLOCK_SETTINGS.publicityDays;

/** What signing the agreement takes. */
export interface SignAgreementInput {
  readonly unitId: string;
  /** The day the agreement was signed (defaults to today in Asia/Shanghai; never after today). */
  readonly signedOn?: string;
  /** The publicity length in calendar days (default: the unit's clock settings, 10 days unless changed). */
  readonly publicityDays?: number;
  readonly agreementRef?: string;
}

/** The signed agreement and its publicity. */
export interface SignAgreementResult {
  readonly unitId: string;
  readonly state: CaseState;
  readonly event: StoredEvent;
  readonly publicity: PublicityState;
  readonly publicityDays: number;
  /** True when the end lies in a year whose State Council holiday notice is not loaded yet. */
  readonly provisional: boolean;
  /** Whether the group announcement was queued now, already, or not at all (no group bound). */
  readonly announcement: 'queued' | 'duplicate' | 'no_group';
}

/**
 * Signs the project agreement and starts its publicity (domain.md §3). Publicity
 * starts now; its end is computed from today with the legal core's period rules (Civil Code arts.
 * 201–203: the start day is not counted, a last day on a rest day moves to the next working day, the
 * last day ends at 24:00 Asia/Shanghai) on the loaded holiday table. Then `SignAgreement` →
 * `AgreementSigned` (refused before a passed elevator ballot: `vote_not_passed`; twice: `wrong_stage`),
 * and the group announcement with the end date, queued under `announce:<unitId>:<seq>` so announcing
 * the same event again sends nothing new. Refusals: `unit_not_registered`, `validation_error` (a
 * `signedOn` after today), `invalid_date`, `invalid_period_length`.
 */
export async function signAgreement(
  ctx: CommandContext,
  input: SignAgreementInput,
  meta: CommandMeta,
): Promise<SignAgreementResult> {
  requireUnitId(input.unitId);
  const today = shanghaiDayOf(meta.now);
  const signedOn = dayOr(input.signedOn, 'signedOn', meta.now);
  const publicityDays =
    input.publicityDays ?? clockSettingsOf((await loadCase(ctx, input.unitId)).state).publicityDays;
  const end = computePeriodEnd(ctx, { from: today, length: publicityDays, unit: 'day' });
  const executed = await runCaseCommand(
    ctx,
    input.unitId,
    {
      type: 'SignAgreement',
      data: {
        signedOn,
        publicityEndsOn: end.endsOn,
        publicityEndsAt: end.endsAt,
        publicityDays,
        ...(input.agreementRef === undefined ? {} : { agreementRef: input.agreementRef }),
      },
    },
    meta,
  );
  const event = executed.events[0]!;
  const announcement = await announcePublicity(ctx, input.unitId, executed.state, event, {
    days: publicityDays,
    endsOn: end.endsOn,
    provisional: end.provisional,
    now: meta.now,
  });
  await notifySubscribers(ctx, input.unitId, executed.state, event, meta.now);
  return {
    unitId: input.unitId,
    state: executed.state,
    event,
    publicity: executed.state.publicity!,
    publicityDays,
    provisional: end.provisional,
    announcement,
  };
}

async function announcePublicity(
  ctx: CommandContext,
  unitId: string,
  state: CaseState,
  event: StoredEvent,
  input: { days: number; endsOn: string; provisional: boolean; now: Date },
): Promise<'queued' | 'duplicate' | 'no_group'> {
  // It invites objections until the end: held past the end (quiet hours, the bot away), it is moot.
  return noticeToGroup(ctx, state.groupRoomId, {
    id: `announce:${unitId}:${event.seq}`,
    text: publicityStartedNotice(input),
    now: input.now,
    ...(state.publicity === undefined ? {} : { expiresAt: new Date(state.publicity.endsAt) }),
  });
}

/**
 * Tells each resident of the unit in the mini-program who allowed publicity notices (one per tap on
 * 允许) that publicity has started and until when, by subscription message: one per person per
 * agreement (`publicity:<unitId>:<seq>:<contactId>`), dropped if it cannot go out before publicity
 * ends. Chat residents read the group's announcement.
 */
async function notifySubscribers(
  ctx: CommandContext,
  unitId: string,
  state: CaseState,
  event: StoredEvent,
  now: Date,
): Promise<void> {
  const { publicity } = state;
  if (publicity === undefined) return;
  const people = new Set(
    state.households
      .filter((h) => h.pending !== true && openidOf(h.contactId) !== null)
      .map((h) => h.contactId),
  );
  const text = publicityStartedNotice({ days: publicity.days ?? 0, endsOn: publicity.endsOn });
  for (const contactId of people) {
    await queueSubscriberReminder(
      ctx,
      {
        contactId,
        kind: 'publicity',
        outboxId: `publicity:${unitId}:${event.seq}:${contactId}`,
        groupKey: state.groupRoomId ?? null,
        text,
        page: 'pages/home/index',
        data: subscriberPublicityNotice({ unitName: state.unit?.name ?? '', endsOn: publicity.endsOn }),
        expiresAt: new Date(publicity.endsAt),
      },
      now,
    );
  }
}
