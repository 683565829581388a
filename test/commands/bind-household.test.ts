/**
 * `bindHousehold` on the real database: a slip binds one person, once, until it expires; a second
 * person with a used slip only asks to join; two people racing with one fresh slip cannot both own the
 * flat; a slip said in a group binds nobody and is void.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { composeCommandContext } from '../../commands/compose.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import { registerUnit } from '../../commands/register-unit.js';
import { FixedClock } from '../../lib/clock.js';
import { loadHolidayTable } from '../../lib/holidays.js';
import { createLogger } from '../../lib/log.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { flats } from '../support/units.js';

const T0 = '2025-03-03T02:00:00.000Z';
const DAY = 86_400_000;
const meta: CommandMeta = { actor: { kind: 'admin', id: 'admin' }, channel: 'api', now: new Date(T0) };
let db: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  db = await openTestDatabase('bind-household');
  ctx = composeCommandContext({
    models: db.models,
    clock: new FixedClock(T0),
    holidays: loadHolidayTable(),
    log: createLogger({ level: 'silent' }),
  });
});
afterAll(() => db.close());

async function unitWithCodes(): Promise<{ unitId: string; code: (room: string) => string }> {
  const { unitId } = await registerUnit(ctx, { name: '单元', flats: flats(4) }, meta);
  const { codes } = await issueBindingCodes(ctx, { unitId }, meta);
  return { unitId, code: (room) => codes.find((c) => c.room === room)!.code };
}

const at = (ms: number) => ({ now: new Date(Date.parse(T0) + ms) });

describe('bindHousehold', () => {
  it('binds the first sender as owner; a second sender of the same slip only asks to join', async () => {
    const { unitId, code } = await unitWithCodes();
    expect(await bindHousehold(ctx, { contactId: 'a', code: code('101') }, at(0))).toMatchObject({
      kind: 'bound',
      role: 'owner',
      pending: false,
      requested: false,
    });
    expect(await bindHousehold(ctx, { contactId: 'b', code: code('101') }, at(1))).toMatchObject({
      kind: 'bound',
      role: 'co_owner',
      pending: true,
      requested: true,
      ownerContactIds: ['a'],
    });
    // The owner sending their own slip again changes nothing.
    expect(await bindHousehold(ctx, { contactId: 'a', code: code('101') }, at(2))).toMatchObject({
      kind: 'bound',
      fresh: false,
      pending: false,
    });
    const doc = await db.models.bindingCodes.findById(code('101')).lean().exec();
    expect(doc).toMatchObject({ usedBy: 'a', usedAt: new Date(T0) });
    const { state } = await loadCase(ctx, unitId);
    expect(state.households.map((h) => [h.contactId, h.role, h.pending === true])).toEqual([
      ['a', 'owner', false],
      ['b', 'co_owner', true],
    ]);
  });

  it('lets exactly one of two people racing with one fresh slip own the flat', async () => {
    const { unitId, code } = await unitWithCodes();
    const results = await Promise.all(
      ['x', 'y'].map((contactId) => bindHousehold(ctx, { contactId, code: code('102') }, at(0))),
    );
    const owners = results.filter((r) => r.kind === 'bound' && !r.pending);
    expect(owners).toHaveLength(1);
    const { state } = await loadCase(ctx, unitId);
    expect(state.households.filter((h) => h.room === '102' && h.pending !== true)).toHaveLength(1);
  });

  it('refuses a slip past its 30 days without counting a wrong try', async () => {
    const { code } = await unitWithCodes();
    expect(await bindHousehold(ctx, { contactId: 'late', code: code('201') }, at(30 * DAY))).toEqual({
      kind: 'revoked',
    });
    expect(await db.models.bindingLockouts.findById('late').lean().exec()).toBeNull();
    expect(
      await bindHousehold(ctx, { contactId: 'early', code: code('202') }, at(30 * DAY - 1)),
    ).toMatchObject({ kind: 'bound' });
  });

  it('binds nobody with a slip said in a group: void, and with no committee contact not reissued', async () => {
    const { unitId, code } = await unitWithCodes();
    expect(await bindHousehold(ctx, { contactId: 'loud', code: code('101'), inGroup: true }, at(0))).toEqual({
      kind: 'said_in_group',
      reissued: false,
    });
    expect(await db.models.bindingCodes.findById(code('101')).lean().exec()).toMatchObject({
      revokedReason: 'said_in_group',
    });
    expect(await bindHousehold(ctx, { contactId: 'loud', code: code('101') }, at(1))).toEqual({
      kind: 'revoked',
    });
    // A wrong code said in a group tells the group nothing either, and counts no try.
    expect(await bindHousehold(ctx, { contactId: 'loud', code: 'ZZZZZZZZ', inGroup: true }, at(2))).toEqual({
      kind: 'said_in_group',
      reissued: false,
    });
    expect(await db.models.bindingLockouts.findById('loud').lean().exec()).toBeNull();
    expect((await loadCase(ctx, unitId)).state.households).toEqual([]);
  });
});
