/**
 * `chatMenuOf` (what `帮助` offers) on the real database: in a group, `提醒` by the roles that group's
 * case records and the objection window of that case; privately, by the roles the `contacts`
 * projection knows in any unit, the window of the unit of the first flat (else of the first role);
 * a stranger is offered no window at all. The window is `not_yet` before publicity, `open` during it
 * and `over` after it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chatMenuOf } from '../../commands/chat-menu.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { remindUnvoted } from '../../commands/remind.js';
import {
  bindRoom,
  givenPublicity,
  givenRole,
  givenSlippedUnit,
  type SlippedUnit,
} from '../support/ballot-fixtures.js';
import { contextFor, DAY, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
/** A context whose ballots may close at once, so a unit reaches publicity at T0. */
let ctx: CommandContext;
let quiet: SlippedUnit;
let publicized: SlippedUnit;
const at = (ms = 0) => ({ now: new Date(Date.parse(T0) + ms) });
const open = { kind: 'open', startedOn: '2025-03-03', endsOn: '2025-03-13' } as const;

beforeAll(async () => {
  world = await openCommandWorld('chat-menu');
  ctx = contextFor(world.models, { settings: { ballotMinimumOpenDays: 0 } });
  quiet = await givenSlippedUnit(ctx, 4);
  await bindRoom(ctx, quiet, '101', 'wx-h-101');
  await givenRole(ctx, quiet.unitId, 'wx-h-cmte');
  publicized = await givenSlippedUnit(ctx, 4);
  await givenPublicity(ctx, publicized.unitId, publicized.rooms);
  await bindRoom(ctx, publicized, '101', 'wx-h-p101');
  await givenRole(ctx, publicized.unitId, 'wx-h-pcmte');
  // Lives in the quiet unit, sits on the committee of the other.
  await bindRoom(ctx, quiet, '102', 'wx-h-mixed');
  await givenRole(ctx, publicized.unitId, 'wx-h-mixed');
});
afterAll(() => world.close());

describe('chatMenuOf in a group', () => {
  it('offers 提醒 to whom that group’s case gives a role, and says objections do not count yet before publicity', async () => {
    const inQuiet = (contactId: string) => chatMenuOf(ctx, { contactId, groupUnitId: quiet.unitId }, at());
    expect(await inQuiet('wx-h-cmte')).toEqual({ canRemind: true, objections: { kind: 'not_yet' } });
    expect(await inQuiet('wx-h-101')).toEqual({ canRemind: false, objections: { kind: 'not_yet' } });
    expect(await inQuiet('wx-stranger')).toEqual({ canRemind: false, objections: { kind: 'not_yet' } });
    // A role in another unit gives nothing in this group.
    expect(await inQuiet('wx-h-pcmte')).toEqual({ canRemind: false, objections: { kind: 'not_yet' } });
  });

  it('says objections count during publicity, and that it is over after its last day', async () => {
    const inPublicized = { contactId: 'wx-h-pcmte', groupUnitId: publicized.unitId };
    expect(await chatMenuOf(ctx, inPublicized, at())).toEqual({ canRemind: true, objections: open });
    expect(await chatMenuOf(ctx, inPublicized, at(30 * DAY))).toEqual({
      canRemind: true,
      objections: { ...open, kind: 'over' },
    });
  });
});

describe('chatMenuOf asked privately', () => {
  it('offers a stranger no 提醒 and no objection window', async () => {
    expect(await chatMenuOf(ctx, { contactId: 'wx-stranger', groupUnitId: null }, at())).toEqual({
      canRemind: false,
    });
  });

  it('reads the window of the unit of the first flat, else of the first role', async () => {
    expect(await chatMenuOf(ctx, { contactId: 'wx-h-p101', groupUnitId: null }, at())).toEqual({
      canRemind: false,
      objections: open,
    });
    expect(await chatMenuOf(ctx, { contactId: 'wx-h-pcmte', groupUnitId: null }, at())).toEqual({
      canRemind: true,
      objections: open,
    });
    expect(await chatMenuOf(ctx, { contactId: 'wx-h-cmte', groupUnitId: null }, at())).toEqual({
      canRemind: true,
      objections: { kind: 'not_yet' },
    });
  });

  // The menu used to offer 提醒 by a role in any unit, though 提醒 said privately is taken in the unit
  // of the contact's first flat, where this committee member of another unit holds no role.
  it('offers 提醒 privately only to someone whose 提醒 said privately would be taken', async () => {
    const asker = { contactId: 'wx-h-mixed', groupUnitId: null };
    const menu = await chatMenuOf(ctx, asker, at());
    const taken = await remindUnvoted(ctx, asker, at()).then(
      () => true,
      (error: unknown) => (error as { code?: string }).code !== 'forbidden',
    );
    expect(menu.canRemind).toBe(taken);
  });
});
