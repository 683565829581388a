/**
 * `signAgreement` on the real database: publicity runs from today for the unit's own configured length
 * unless the caller names one, and ends at 24:00 of a working day — whatever day the agreement says it
 * was signed on; a period reaching into a year without a holiday notice is provisional. The group hears
 * it once, the notice dropped if still unsent when publicity ends, and a mini-program resident who
 * allowed it gets a subscription message while a chat resident does not. Refusals store nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { changeClocks } from '../../commands/clock-settings.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { allowReminders } from '../../commands/reminders.js';
import { signAgreement } from '../../commands/sign-agreement.js';
import { publicityStartedNotice } from '../../messages/publicity.js';
import {
  adminAt,
  contextFor,
  DAY,
  givenUnitWithPlan,
  holidayTable,
  openCommandWorld,
  slipsOf,
  T0,
  type CommandWorld,
} from '../support/commands.js';
import { bindTestGroup } from '../support/groups.js';
import { givenPassedUnit, PUBLICITY_ENDS_AT, SIGNED_MS } from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('sign-agreement');
  // The publicity subscription template is on, so mini-program residents may allow its message.
  ctx = contextFor(world.models, { settings: { reminderTemplates: { publicity: 'tpl-publicity' } } });
});
afterAll(() => world.close());

const signedAt = adminAt(SIGNED_MS);
const eventsOf = (unitId: string) => ctx.streams.load(unitId);

describe('signAgreement', () => {
  it('runs publicity for the unit’s configured length from today, and only announces in a bound group', async () => {
    const { unitId } = await givenPassedUnit(ctx);
    await changeClocks(ctx, { unitId, change: { publicityDays: 5 } }, adminAt(SIGNED_MS - 1));
    const signed = await signAgreement(ctx, { unitId, agreementRef: 'XY-1' }, signedAt);
    // Monday 2025-03-10 + 5 days is Saturday 2025-03-15: the end moves to Monday 2025-03-17.
    expect(signed).toMatchObject({
      unitId,
      publicityDays: 5,
      provisional: false,
      announcement: 'no_group',
      publicity: {
        signedOn: '2025-03-10',
        startedAt: signedAt.now.toISOString(),
        endsOn: '2025-03-17',
        endsAt: '2025-03-17T16:00:00.000Z',
        days: 5,
      },
    });
    expect(signed.state.stage).toBe('publicity');
    expect(signed.event).toMatchObject({
      type: 'AgreementSigned',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { signedOn: '2025-03-10', publicityEndsOn: '2025-03-17', publicityDays: 5, agreementRef: 'XY-1' },
    });
    expect(await world.models.outbox.countDocuments({ _id: { $regex: `^announce:${unitId}:` } })).toBe(0);
  });

  it('counts from today even when the agreement was signed days before; a named length wins', async () => {
    const { unitId } = await givenPassedUnit(ctx);
    const signed = await signAgreement(ctx, { unitId, signedOn: '2025-03-07', publicityDays: 10 }, signedAt);
    expect(signed.event.data).toMatchObject({ signedOn: '2025-03-07', publicityEndsOn: '2025-03-20' });
    expect(signed.publicity).toMatchObject({ signedOn: '2025-03-07', endsAt: PUBLICITY_ENDS_AT, days: 10 });
  });

  it('announces in the bound group once, dropped if unsent by the end, and tells the subscriber who allowed it', async () => {
    const { unitId } = await givenPassedUnit(ctx);
    await bindTestGroup(ctx, 'room-sign', unitId, new Date(T0));
    const slip = await slipsOf(ctx, unitId);
    await bindHousehold(
      ctx,
      { contactId: 'mp:open-101', code: slip('101'), channel: 'miniprogram' },
      adminAt(),
    );
    await bindHousehold(
      ctx,
      { contactId: 'mp:open-102', code: slip('102'), channel: 'miniprogram' },
      adminAt(),
    );
    await bindHousehold(ctx, { contactId: 'wx-201', code: slip('201') }, adminAt());
    await allowReminders(ctx, 'mp:open-101', { 'tpl-publicity': 'accept' }, new Date(T0));

    const signed = await signAgreement(ctx, { unitId }, signedAt);
    expect(signed.announcement).toBe('queued');
    const announce = await world.models.outbox.findById(`announce:${unitId}:${signed.event.seq}`).lean();
    expect(announce).toMatchObject({
      to: { kind: 'room', id: 'room-sign' },
      priority: 'notice',
      text: publicityStartedNotice({ days: 10, endsOn: '2025-03-20', provisional: false }),
      expiresAt: new Date(PUBLICITY_ENDS_AT),
    });
    const subscribed = await world.models.outbox.find({ _id: { $regex: `^publicity:${unitId}:` } }).lean();
    expect(subscribed.map((doc) => [doc._id, doc.to, doc.subscribe?.templateId, doc.expiresAt])).toEqual([
      [
        `publicity:${unitId}:${signed.event.seq}:mp:open-101`,
        { kind: 'subscriber', id: 'open-101' },
        'tpl-publicity',
        new Date(PUBLICITY_ENDS_AT),
      ],
    ]);

    // Signed twice: refused, and nothing more is queued.
    await expect(signAgreement(ctx, { unitId }, adminAt(SIGNED_MS + 1))).rejects.toMatchObject({
      code: 'wrong_stage',
    });
    const queued = await world.models.outbox.find({ _id: { $regex: `:${unitId}:` } }, { _id: 1 }).lean();
    expect(queued.map((doc) => doc._id).sort()).toEqual([
      `announce:${unitId}:${signed.event.seq}`,
      `publicity:${unitId}:${signed.event.seq}:mp:open-101`,
    ]);
  });

  it('marks an end in a year without a State Council notice as provisional', async () => {
    const published = holidayTable().publishedThrough;
    // Registered on Monday 21 December of the last published year; signed a week later.
    const startMs = Date.parse(`${published}-12-21T02:00:00.000Z`) - Date.parse(T0);
    const { unitId } = await givenPassedUnit(ctx, 4, startMs);
    const signed = await signAgreement(ctx, { unitId }, adminAt(startMs + SIGNED_MS));
    expect(signed.provisional).toBe(true);
    expect(signed.publicity.endsOn.startsWith(`${published + 1}-01-`)).toBe(true);
  });

  it.each([
    ['a length of zero days', { publicityDays: 0 }, 'invalid_period_length'],
    ['a signing day after today', { signedOn: '2025-03-11' }, 'validation_error'],
    ['a signing day that does not exist', { signedOn: '2025-02-30' }, 'invalid_date'],
  ])('refuses %s and stores nothing', async (_label, input, code) => {
    const { unitId } = await givenPassedUnit(ctx);
    const before = await eventsOf(unitId);
    await expect(signAgreement(ctx, { unitId, ...input }, signedAt)).rejects.toMatchObject({ code });
    expect(await eventsOf(unitId)).toHaveLength(before.length);
    expect((await loadCase(ctx, unitId)).state.stage).toBe('agreement');
  });

  it('refuses before the elevator ballot passed, and for units that are not registered', async () => {
    const unitId = await givenUnitWithPlan(ctx, 4);
    await expect(signAgreement(ctx, { unitId }, adminAt(DAY))).rejects.toMatchObject({
      code: 'vote_not_passed',
    });
    expect((await eventsOf(unitId)).at(-1)!.type).toBe('PlanPublished');
    await expect(signAgreement(ctx, { unitId: 'nonsense' }, signedAt)).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
    await expect(
      signAgreement(ctx, { unitId: 'u_aaaaaaaaaaaaaaaa', publicityDays: 10 }, signedAt),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
    expect(await eventsOf('u_aaaaaaaaaaaaaaaa')).toEqual([]);
  });
});
