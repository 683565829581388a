/**
 * What a signed-in resident does from the mini-program, on the real database without HTTP:
 * `castMyVote` records one vote per confirmed flat through the `miniprogram` channel, makes a retried
 * key the same vote, and refuses staff, ballots outside the resident's units, a ballot not open and a
 * binding still pending — each refusal appending nothing; `fileMyObjection` files a named written
 * objection for the resident's own flat, and asks which flat when they hold several or name another.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { cancelBallot } from '../../commands/cancel-ballot.js';
import { newBallotId } from '../../commands/kernel/ids.js';
import { openBallot } from '../../commands/open-ballot.js';
import { castMyVote, fileMyObjection } from '../../commands/resident-actions.js';
import type { Actor } from '../../domain/case/index.js';
import {
  adminAt,
  givenUnitWithPlan,
  openCommandWorld,
  slipsOf,
  T0,
  type CommandWorld,
} from '../support/commands.js';
import { resident, staff } from '../support/staff-fixtures.js';

let world: CommandWorld;
let unitId: string;
let ballotId: string;
/** Bound to 101 and 102; to 201; asked to join 101 (pending); bound in another unit only. */
let both: Actor;
let single: Actor;
let joining: Actor;
let elsewhere: Actor;
beforeAll(async () => {
  world = await openCommandWorld('resident-actions');
  unitId = await givenUnitWithPlan(world.ctx, 4);
  const slip = await slipsOf(world.ctx, unitId);
  const bind = (contactId: string, code: string) =>
    bindHousehold(world.ctx, { contactId, code }, { now: new Date(T0) });
  await bind('mp:both', slip('101'));
  await bind('mp:both', slip('102'));
  await bind('mp:single', slip('201'));
  await bind('mp:joining', slip('101'));
  const other = await givenUnitWithPlan(world.ctx, 2);
  await bind('mp:elsewhere', (await slipsOf(world.ctx, other))('101'));
  both = resident('mp:both', [
    { unitId, room: '101' },
    { unitId, room: '102' },
  ]);
  single = resident('mp:single', [{ unitId, room: '201' }]);
  joining = resident('mp:joining');
  elsewhere = resident('mp:elsewhere', [{ unitId: other, room: '101' }]);
  ballotId = (await openBallot(world.ctx, { unitId, title: '加装电梯', matter: 'major' }, adminAt())).ballot
    .ballotId;
});
afterAll(() => world.close());

const now = (ms = 0) => new Date(Date.parse(T0) + ms);
const streamLength = async () => (await world.ctx.streams.load(unitId)).length;

describe('castMyVote', () => {
  it('votes for each confirmed flat through the miniprogram channel, and a retried key is the same vote', async () => {
    const voted = await castMyVote(world.ctx, both, { ballotId, choice: 'agree', key: 'k-1' }, now(1));
    expect(voted.kind).toBe('recorded');
    if (voted.kind !== 'recorded') return;
    expect(voted.votes.map((v) => [v.room, v.changed, v.counts])).toEqual([
      ['101', false, 'agree'],
      ['102', false, 'agree'],
    ]);
    expect(voted.tally.agree.owners).toBe(2);
    expect(voted.votes.map((v) => [v.event.type, v.event.channel, v.event.actor.id])).toEqual([
      ['VoteCast', 'miniprogram', 'mp:both'],
      ['VoteCast', 'miniprogram', 'mp:both'],
    ]);
    const length = await streamLength();
    expect(await castMyVote(world.ctx, both, { ballotId, choice: 'agree', key: 'k-1' }, now(2))).toEqual({
      kind: 'duplicate',
    });
    expect(await streamLength()).toBe(length);
    // Another key is another request: the vote changes.
    const changed = await castMyVote(world.ctx, both, { ballotId, choice: 'oppose', key: 'k-2' }, now(3));
    expect(changed).toMatchObject({ kind: 'recorded', votes: [{ changed: true }, { changed: true }] });
    // Without a key each request is its own.
    await castMyVote(world.ctx, single, { ballotId, choice: 'abstain' }, now(4));
    const again = await castMyVote(world.ctx, single, { ballotId, choice: 'abstain' }, now(5));
    expect(again).toMatchObject({ kind: 'recorded', votes: [{ room: '201', changed: true }] });
  });

  it('refuses staff, a ballot outside their units, and a binding still pending, appending nothing', async () => {
    const length = await streamLength();
    await expect(
      castMyVote(world.ctx, staff('committee', 'pl_x'), { ballotId, choice: 'agree' }, now()),
    ).rejects.toMatchObject({ code: 'forbidden', details: { action: 'cast_own_vote' } });
    for (const id of ['not-a-ballot', newBallotId(unitId).replace(/^b_/, 'x_')]) {
      await expect(
        castMyVote(world.ctx, both, { ballotId: id, choice: 'agree' }, now()),
      ).rejects.toMatchObject({
        code: 'ballot_not_found',
        details: { ballotId: id },
      });
    }
    await expect(
      castMyVote(world.ctx, elsewhere, { ballotId, choice: 'agree' }, now()),
    ).rejects.toMatchObject({
      code: 'ballot_not_found',
    });
    await expect(
      castMyVote(world.ctx, resident('mp:stranger'), { ballotId, choice: 'agree' }, now()),
    ).rejects.toMatchObject({ code: 'ballot_not_found' });
    await expect(castMyVote(world.ctx, joining, { ballotId, choice: 'agree' }, now())).rejects.toMatchObject({
      code: 'binding_pending',
      details: { rooms: ['101'] },
    });
    expect(await streamLength()).toBe(length);
  });

  it('refuses a ballot that is no longer open with ballot_closed', async () => {
    const ordinary = await openBallot(world.ctx, { unitId, title: '绿化', matter: 'ordinary' }, adminAt());
    await cancelBallot(world.ctx, { ballotId: ordinary.ballot.ballotId, reason: '重开' }, adminAt(1));
    const length = await streamLength();
    await expect(
      castMyVote(world.ctx, single, { ballotId: ordinary.ballot.ballotId, choice: 'agree' }, now(2)),
    ).rejects.toMatchObject({ code: 'ballot_closed', details: { ballotId: ordinary.ballot.ballotId } });
    expect(await streamLength()).toBe(length);
  });

  // Was answered `ballot_closed` ("not open"): `castChatVote` finds no open ballot of that id.
  it('refuses a ballot of their own unit that does not exist with ballot_not_found', async () => {
    const missing = newBallotId(unitId);
    await expect(
      castMyVote(world.ctx, single, { ballotId: missing, choice: 'agree' }, now()),
    ).rejects.toMatchObject({
      code: 'ballot_not_found',
    });
  });
});

describe('fileMyObjection', () => {
  it('files a named written objection for their only flat, through the miniprogram channel', async () => {
    const filed = await fileMyObjection(
      world.ctx,
      single,
      { unitId, ground: 'daylight', summary: '挡住阳光' },
      now(10),
    );
    expect(filed.objection).toMatchObject({
      named: true,
      written: true,
      ground: 'daylight',
      channel: 'miniprogram',
      objector: { room: '201', contactId: 'mp:single' },
    });
    // Before the agreement's publicity it is recorded all the same, and says why it does not count.
    expect(filed.objection.effective).toBe(false);
    expect(filed.objection.ineffectiveReasons).toEqual(['outside_window']);
    expect(filed.event).toMatchObject({
      type: 'ObjectionFiled',
      channel: 'miniprogram',
      actor: { kind: 'resident', id: 'mp:single' },
    });
  });

  it('asks which flat of several, refuses a flat not theirs and staff, appending nothing', async () => {
    const length = await streamLength();
    const input = { unitId, ground: 'passage' as const, summary: '挡路' };
    await expect(fileMyObjection(world.ctx, both, input, now())).rejects.toMatchObject({
      code: 'validation_error',
      message: 'room: which of your flats',
      details: { field: 'room', rooms: ['101', '102'] },
    });
    await expect(fileMyObjection(world.ctx, both, { ...input, room: '201' }, now())).rejects.toMatchObject({
      code: 'validation_error',
      message: 'room: not one of your flats',
    });
    await expect(fileMyObjection(world.ctx, joining, input, now())).rejects.toMatchObject({
      code: 'validation_error',
      details: { rooms: [] },
    });
    await expect(
      fileMyObjection(world.ctx, staff('committee', 'pl_x'), { ...input, room: '101' }, now()),
    ).rejects.toMatchObject({ code: 'forbidden', details: { action: 'file_own_objection' } });
    expect(await streamLength()).toBe(length);
    const named = await fileMyObjection(world.ctx, both, { ...input, room: '102' }, now());
    expect(named.objection.objector).toMatchObject({ room: '102', contactId: 'mp:both' });
  });
});
