/**
 * `updateRoster` on the real database: a corrected roster is one `RosterUpdated` naming its reason
 * and the rooms added, removed and changed, the registered rows staying in the stream; the same flats
 * again (in any order) append nothing; a ballot open at the update keeps its frozen roster and is
 * named in the event; a bad row, an empty roster, a blank reason or an unknown unit appends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { openBallot } from '../../commands/open-ballot.js';
import { updateRoster } from '../../commands/update-roster.js';
import { adminAt, givenUnit, openCommandWorld, slipsOf, type CommandWorld } from '../support/commands.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('update-roster');
});
afterAll(() => world.close());

const eventsOf = (id: string) => world.ctx.streams.load(id);

describe('updateRoster', () => {
  it('records a correction with its reason and changes; the registered rows stay in the stream', async () => {
    const unitId = await givenUnit(world.ctx, 4);
    const list = flats(4);
    list[0] = { ...list[0]!, area: '51.25' };
    list[1] = { ...list[1]!, owners: [{ name: '新业主' }] };
    list[3] = { ...list[3]!, room: '301', floor: 3 };
    const updated = await updateRoster(world.ctx, { unitId, flats: list, reason: '测绘更正' }, adminAt(1));
    expect(updated.changes).toEqual({ added: ['301'], removed: ['202'], changed: ['101', '102'] });
    expect(updated.openBallotIds).toEqual([]);
    expect(updated.head.seq).toBe(2);
    expect(updated.state.flats.map((f) => [f.room, f.areaCenti])).toEqual([
      ['101', 5125],
      ['102', 5000],
      ['201', 5000],
      ['301', 5000],
    ]);
    expect(updated.event).toMatchObject({
      seq: 2,
      type: 'RosterUpdated',
      data: { reason: '测绘更正', openBallotIds: [], changes: updated.changes },
    });
    const events = await eventsOf(unitId);
    expect(events.map((e) => e.type)).toEqual(['UnitRegistered', 'RosterUpdated']);
    expect((events[0]!.data as { flats: { room: string }[] }).flats.map((f) => f.room)).toEqual([
      '101',
      '102',
      '201',
      '202',
    ]);
  });

  it('appends nothing for the same flats again, even in another order', async () => {
    const unitId = await givenUnit(world.ctx, 4);
    for (const list of [flats(4), [...flats(4)].reverse()]) {
      const same = await updateRoster(world.ctx, { unitId, flats: list, reason: '重复提交' }, adminAt(1));
      expect(same).toMatchObject({
        head: { seq: 1 },
        changes: { added: [], removed: [], changed: [] },
        openBallotIds: [],
      });
      expect(same.event).toBeUndefined();
    }
    expect(await eventsOf(unitId)).toHaveLength(1);
  });

  it('names the open ballot, which keeps the roster it froze', async () => {
    const unitId = await givenUnit(world.ctx, 4);
    const { ballot } = await openBallot(world.ctx, { unitId, title: '议题', matter: 'ordinary' }, adminAt(1));
    const updated = await updateRoster(
      world.ctx,
      { unitId, flats: [...flats(4), ...flats(6).slice(4)], reason: '加建' },
      adminAt(2),
    );
    expect(updated.changes.added).toEqual(['301', '302']);
    expect(updated.openBallotIds).toEqual([ballot.ballotId]);
    expect(updated.event?.data).toMatchObject({ openBallotIds: [ballot.ballotId] });
    expect(updated.state.flats).toHaveLength(6);
    expect(updated.state.ballots[0]!.roster.map((f) => f.room)).toEqual(['101', '102', '201', '202']);
  });

  // Left live, `绑定` with it would spend the slip before the case refuses with `unknown_room`, and said
  // in a group it would have the bot reissue a code for the gone room.
  it('voids the binding slips of the rooms it removes', async () => {
    const unitId = await givenUnit(world.ctx, 4);
    const slip = await slipsOf(world.ctx, unitId);
    await updateRoster(world.ctx, { unitId, flats: flats(3), reason: '合并' }, adminAt(1));
    expect(await world.models.bindingCodes.findById(slip('202')).lean().exec()).toMatchObject({
      revokedAt: expect.any(Date),
    });
    expect(await bindHousehold(world.ctx, { contactId: 'old-slip', code: slip('202') }, adminAt(2))).toEqual({
      kind: 'revoked',
    });
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('refuses %s as unit_not_registered', async (unitId) => {
    await expect(
      updateRoster(world.ctx, { unitId, flats: flats(2), reason: '更正' }, adminAt()),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
    expect(await eventsOf(unitId)).toEqual([]);
  });

  it.each([
    [
      'a room twice, named by its input path',
      () => [...flats(3), flats(1)[0]!],
      '更正',
      { code: 'duplicate_room', details: { field: 'flats.3.room', row: 4, firstRow: 1 } },
    ],
    [
      'a bad area',
      () => flats(3).map((f, i) => (i === 2 ? { ...f, area: '0.00' } : f)),
      '更正',
      { code: 'validation_error', details: { field: 'flats.2.area', row: 3 } },
    ],
    ['no flats', () => [], '更正', { code: 'empty_roster' }],
    ['a blank reason', () => flats(3), '  ', { code: 'validation_error', details: { field: 'reason' } }],
  ])('refuses %s, appending nothing', async (_case, list, reason, refusal) => {
    const unitId = await givenUnit(world.ctx, 4);
    await expect(
      updateRoster(world.ctx, { unitId, flats: list(), reason }, adminAt(1)),
    ).rejects.toMatchObject(refusal);
    expect(await eventsOf(unitId)).toHaveLength(1);
  });
});
