/**
 * Alerts on the real database (`commands/alerts.ts`): raised once per stalled thing under a `TX-<n>`
 * reference, by the system, to the committee's contacts privately; passed up to the first level with
 * someone recorded (the platform admins told, a warning logged) or, with no one at all, kept unreached
 * (the admins told, an error logged — only the log when no admin is configured). An alert climbs one
 * level from where it is, never when acknowledged or already moved; it is acknowledged once, through
 * the API or by `收到 TX-n` from someone holding a role in its unit — a resident is refused, and a
 * reference that names no alert is `alert_not_found`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  acknowledgeAlert,
  acknowledgeAlertInChat,
  escalateAlert,
  raiseAlert,
} from '../../commands/alerts.js';
import { bindHousehold } from '../../commands/bind-household.js';
import { composeCommandContext } from '../../commands/compose.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import { alertAdminNotice, alertNotice } from '../../messages/clocks.js';
import {
  adminAt,
  DAY,
  givenUnit,
  holidayTable,
  openCommandWorld,
  slipsOf,
  T0,
  type CommandWorld,
} from '../support/commands.js';
import { givenPaperObjection, givenRole } from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
let quiet: CommandContext;
const lines: { level: number; msg: string; alertId?: string; adminContacts?: number }[] = [];
beforeAll(async () => {
  world = await openCommandWorld('alerts');
  const context = (adminContacts: string[]) =>
    composeCommandContext({
      models: world.models,
      clock: new FixedClock(T0),
      holidays: holidayTable(),
      log: createLogger({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
      settings: { adminContacts },
    });
  ctx = context(['wx-admin', 'wx-admin']);
  quiet = context([]);
});
afterAll(() => world.close());

const now = (ms = DAY) => new Date(Date.parse(T0) + ms);
const outbox = (id: string) => world.models.outbox.findById(id).lean();
const logged = (alertId: string) => lines.filter((line) => line.alertId === alertId);

describe('a unit with a contact at every level', () => {
  let unitId: string;
  let alertId: string;
  beforeAll(async () => {
    unitId = await givenUnit(ctx, 4);
    await givenRole(ctx, unitId, 'wx-zhang', 'committee');
    await givenRole(ctx, unitId, 'wx-street', 'subdistrict');
    await givenRole(ctx, unitId, 'wx-district', 'district');
    await givenRole(ctx, unitId, 'wx-rep', 'applicant');
    const slip = await slipsOf(ctx, unitId);
    await bindHousehold(ctx, { contactId: 'wx-101', code: slip('101') }, adminAt());
  });

  it('raises an alert once, by the system, to the committee privately', async () => {
    const details = { days: 14, voted: 1, households: 4 };
    const raised = await raiseAlert(ctx, unitId, { kind: 'no_quorum', key: 'quorum:A', ...details }, now());
    alertId = raised.alertId;
    expect(alertId).toMatch(/^TX-\d+$/);
    expect(raised).toMatchObject({ kind: 'no_quorum', key: 'quorum:A', level: 'committee' });
    expect(raised.delivery).toEqual({
      level: 'committee',
      skipped: [],
      unreached: false,
      told: 1,
      admins: 0,
    });
    expect((await ctx.streams.load(unitId)).at(-1)).toMatchObject({
      type: 'AlertRaised',
      actor: { kind: 'system', id: 'clocks' },
      channel: 'system',
      data: { alertId, kind: 'no_quorum', key: 'quorum:A', level: 'committee' },
    });
    expect(await outbox(`alert:${unitId}:${alertId}:committee:wx-zhang`)).toMatchObject({
      to: { kind: 'contact', id: 'wx-zhang' },
      priority: 'notice',
      text: alertNotice({
        ...details,
        ref: alertId,
        kind: 'no_quorum',
        level: 'committee',
        unitName: '测试单元',
      }),
    });
    expect(logged(alertId)).toEqual([]);

    // Raised again under the same key: the same alert, nothing appended, nothing new queued.
    const length = (await ctx.streams.load(unitId)).length;
    const again = await raiseAlert(
      ctx,
      unitId,
      { kind: 'no_quorum', key: 'quorum:A', ...details },
      now(2 * DAY),
    );
    expect(again.alertId).toBe(alertId);
    expect(again.delivery.told).toBe(0);
    expect(await ctx.streams.load(unitId)).toHaveLength(length);
  });

  it('climbs one level from where it is, saying how long the level below left it', async () => {
    const climb = (from: 'committee' | 'subdistrict') =>
      escalateAlert(ctx, unitId, { alertId, from, after: { workingDays: 3 } }, now(5 * DAY));
    expect(await climb('subdistrict')).toBe('unchanged');
    expect(await climb('committee')).toEqual({
      outcome: 'escalated',
      level: 'subdistrict',
      skipped: [],
      unreached: false,
      told: 1,
      admins: 0,
    });
    expect((await outbox(`alert:${unitId}:${alertId}:subdistrict:wx-street`))!.text).toBe(
      alertNotice({
        ref: alertId,
        kind: 'no_quorum',
        level: 'subdistrict',
        unitName: '测试单元',
        escalatedAfter: 3,
      }),
    );
    expect(await climb('committee')).toBe('unchanged');
  });

  it('is acknowledged by 收到 from a role in the unit, once; a resident is refused', async () => {
    const length = (await ctx.streams.load(unitId)).length;
    await expect(
      acknowledgeAlertInChat(ctx, { contactId: 'wx-101', ref: alertId }, { now: now(6 * DAY) }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      details: { action: 'acknowledge_alert' },
    });
    expect(await ctx.streams.load(unitId)).toHaveLength(length);

    expect(
      await acknowledgeAlertInChat(ctx, { contactId: 'wx-street', ref: alertId }, { now: now(6 * DAY) }),
    ).toEqual({
      kind: 'acknowledged',
      ref: alertId,
    });
    expect((await ctx.streams.load(unitId)).at(-1)).toMatchObject({
      type: 'AlertAcknowledged',
      actor: { id: 'wx-street' },
      channel: 'wechat',
      data: { alertId, level: 'subdistrict', by: 'wx-street' },
    });
    expect(
      await acknowledgeAlertInChat(ctx, { contactId: 'wx-rep', ref: alertId }, { now: now(6 * DAY) }),
    ).toEqual({
      kind: 'already',
      ref: alertId,
    });
    expect(
      await escalateAlert(
        ctx,
        unitId,
        { alertId, from: 'subdistrict', after: { workingDays: 3 } },
        now(9 * DAY),
      ),
    ).toBe('unchanged');
  });

  // Was stored as the committee's: every role but `applicant` became actor kind `committee`.
  it('records a sub-district officer’s 收到 with the officer’s own role as actor kind', async () => {
    const { alertId: other } = await raiseAlert(ctx, unitId, { kind: 'no_quorum', key: 'quorum:D' }, now());
    await escalateAlert(
      ctx,
      unitId,
      { alertId: other, from: 'committee', after: { workingDays: 3 } },
      now(5 * DAY),
    );
    await acknowledgeAlertInChat(ctx, { contactId: 'wx-street', ref: other }, { now: now(6 * DAY) });
    expect((await ctx.streams.load(unitId)).at(-1)).toMatchObject({
      type: 'AlertAcknowledged',
      actor: { kind: 'subdistrict', id: 'wx-street' },
    });
  });

  it('acts as the applicant for the applicant representative', async () => {
    const { alertId: other } = await raiseAlert(ctx, unitId, { kind: 'no_quorum', key: 'quorum:B' }, now());
    await acknowledgeAlertInChat(ctx, { contactId: 'wx-rep', ref: other }, { now: now() });
    expect((await ctx.streams.load(unitId)).at(-1)).toMatchObject({
      actor: { kind: 'applicant', id: 'wx-rep' },
    });
  });

  it('answers alert_not_found for a reference that names no alert', async () => {
    const { reference } = await givenPaperObjection(ctx, unitId, 0);
    for (const ref of ['TX-99999', reference]) {
      await expect(
        acknowledgeAlertInChat(ctx, { contactId: 'wx-zhang', ref }, { now: now() }),
      ).rejects.toMatchObject({
        code: 'alert_not_found',
        details: { alertId: ref },
      });
    }
  });

  it('is acknowledged through the API once, by whom it names', async () => {
    const { alertId: other } = await raiseAlert(ctx, unitId, { kind: 'no_quorum', key: 'quorum:C' }, now());
    const first = await acknowledgeAlert(ctx, { unitId, alertId: other, by: '张主任' }, adminAt(DAY));
    expect(first).toMatchObject({
      recorded: true,
      alert: { acknowledgedBy: '张主任', acknowledgedAt: now().toISOString() },
    });
    expect((await ctx.streams.load(unitId)).at(-1)).toMatchObject({
      actor: { kind: 'admin' },
      channel: 'api',
    });
    const second = await acknowledgeAlert(ctx, { unitId, alertId: other, by: '李' }, adminAt(2 * DAY));
    expect(second).toMatchObject({ recorded: false, alert: { acknowledgedBy: '张主任' } });
    await expect(
      acknowledgeAlert(ctx, { unitId, alertId: 'TX-99999', by: '张' }, adminAt()),
    ).rejects.toMatchObject({
      code: 'alert_not_found',
    });
    await expect(
      acknowledgeAlert(ctx, { unitId: 'nonsense', alertId: other, by: '张' }, adminAt()),
    ).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
  });

  it('refuses an alert about an objection the case does not have, appending nothing', async () => {
    const length = (await ctx.streams.load(unitId)).length;
    await expect(
      raiseAlert(
        ctx,
        unitId,
        { kind: 'objection_unanswered', key: 'objection:none', objectionId: 'YY-99999' },
        now(),
      ),
    ).rejects.toMatchObject({ code: 'objection_not_found' });
    expect(await ctx.streams.load(unitId)).toHaveLength(length);
  });

  // The case decides before the `TX-<n>` reference is claimed (conventions.md §9, as `fileObjection`).
  it('claims no reference for an alert the case refuses', async () => {
    const refs = await world.models.objectionRefs.countDocuments();
    await expect(
      raiseAlert(
        ctx,
        unitId,
        { kind: 'objection_unanswered', key: 'objection:gone', objectionId: 'YY-99998' },
        now(),
      ),
    ).rejects.toMatchObject({ code: 'objection_not_found' });
    expect(await world.models.objectionRefs.countDocuments()).toBe(refs);
  });
});

describe('a unit missing contacts', () => {
  it('passes over a level with no one recorded, telling each admin once and warning in the log', async () => {
    const unitId = await givenUnit(ctx, 4);
    await givenRole(ctx, unitId, 'wx-street', 'subdistrict');
    const raised = await raiseAlert(ctx, unitId, { kind: 'no_quorum', key: 'quorum' }, now());
    expect(raised).toMatchObject({ level: 'subdistrict', skipped: ['committee'] });
    expect(raised.delivery).toEqual({
      level: 'subdistrict',
      skipped: ['committee'],
      unreached: false,
      told: 1,
      admins: 1,
    });
    const facts = {
      ref: raised.alertId,
      kind: 'no_quorum' as const,
      level: 'subdistrict' as const,
      unitName: '测试单元',
    };
    expect((await outbox(`alert:${unitId}:${raised.alertId}:subdistrict:wx-street`))!.text).toBe(
      alertNotice({ ...facts, skipped: ['committee'] }),
    );
    expect((await outbox(`alert-admin:${unitId}:${raised.alertId}:subdistrict:wx-admin`))!.text).toBe(
      alertAdminNotice({ ...facts, skipped: ['committee'], unreached: false }),
    );
    expect(logged(raised.alertId)).toEqual([
      expect.objectContaining({
        level: 40,
        adminContacts: 1,
        msg: expect.stringContaining('passed over levels'),
      }),
    ]);
  });

  it('keeps an alert no one can receive unreached as it climbs, telling the admins at each level', async () => {
    const unitId = await givenUnit(ctx, 4);
    const raised = await raiseAlert(ctx, unitId, { kind: 'no_quorum', key: 'quorum' }, now());
    expect(raised.delivery).toEqual({ level: 'committee', skipped: [], unreached: true, told: 0, admins: 1 });
    expect((await ctx.streams.load(unitId)).at(-1)!.data).toMatchObject({
      level: 'committee',
      unreached: true,
    });
    const climbed = await escalateAlert(
      ctx,
      unitId,
      { alertId: raised.alertId, from: 'committee', after: { workingDays: 3 } },
      now(5 * DAY),
    );
    expect(climbed).toEqual({
      outcome: 'escalated',
      level: 'subdistrict',
      skipped: [],
      unreached: true,
      told: 0,
      admins: 1,
    });
    expect(await outbox(`alert-admin:${unitId}:${raised.alertId}:subdistrict:wx-admin`)).not.toBeNull();
    expect(
      logged(raised.alertId).map((line) => [line.level, line.msg.startsWith('alert reached no one')]),
    ).toEqual([
      [50, true],
      [50, true],
    ]);
  });

  it('with no admin configured, only the log says an alert reached no one', async () => {
    const unitId = await givenUnit(quiet, 4);
    const raised = await raiseAlert(quiet, unitId, { kind: 'no_quorum', key: 'quorum' }, now());
    expect(raised.delivery).toMatchObject({ unreached: true, told: 0, admins: 0 });
    expect(await world.models.outbox.countDocuments({ _id: { $regex: `^alert(-admin)?:${unitId}:` } })).toBe(
      0,
    );
    expect(logged(raised.alertId)).toEqual([
      expect.objectContaining({
        level: 50,
        adminContacts: 0,
        msg: expect.stringContaining('no admin contact is configured'),
      }),
    ]);
  });
});
