/**
 * `readNamedRecord` and `readWorklist` on the real database, in a unit whose first elevator ballot
 * was cancelled and whose second one closed: each vote's receipt hash is the hash of that ballot's own
 * `VoteCast` (never one of the other ballot's, which come earlier in the same stream); a cancelled
 * ballot keeps its record; the worklist of the open ballot puts co-owners in conflict first, then
 * flats nobody can reach, then the silent ones, each with its owners; each read refuses the ballot
 * in the wrong state, and both refuse an id that names no ballot.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readNamedRecord, readWorklist } from '../../commands/ballot-record.js';
import { cancelBallot } from '../../commands/cancel-ballot.js';
import { castChatVote } from '../../commands/cast-chat-vote.js';
import { castVote } from '../../commands/cast-vote.js';
import { closeBallot } from '../../commands/close-ballot.js';
import { confirmProxiesInChat } from '../../commands/confirm-proxy.js';
import { newBallotId } from '../../commands/kernel/ids.js';
import type { Choice } from '../../domain/vote/index.js';
import {
  bindRoom,
  givenSlippedUnit,
  openElevatorBallot,
  type SlippedUnit,
} from '../support/ballot-fixtures.js';
import { adminAt, DAY, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
let unit: SlippedUnit;
let first: string;
let second: string;
let message = 0;
const now = (ms = 0) => ({ now: new Date(Date.parse(T0) + ms) });
const chat = (contactId: string, choice: Choice, ms: number) =>
  castChatVote(
    world.ctx,
    { contactId, messageId: `m-${++message}`, text: '1', choice, groupUnitId: unit.unitId },
    now(ms),
  );
const paper = (ballotId: string, room: string, choice: Choice) =>
  castVote(world.ctx, { ballotId, room, choice, channel: 'paper', reference: `P-${room}` }, adminAt());

/** The hashes of `ballotId`'s `VoteCast` events, in stream order. */
async function voteHashes(ballotId: string): Promise<string[]> {
  return (await world.ctx.streams.load(unit.unitId))
    .filter(
      (event) => event.type === 'VoteCast' && (event.data as { ballotId: string }).ballotId === ballotId,
    )
    .map((event) => event.hash);
}

beforeAll(async () => {
  world = await openCommandWorld('ballot-record');
  unit = await givenSlippedUnit(world.ctx, 4);
  await bindRoom(world.ctx, unit, '101', 'wx-r-101');
  await bindRoom(world.ctx, unit, '101', 'wx-r-spouse');
  await confirmProxiesInChat(world.ctx, { contactId: 'wx-r-101' }, now());
  await bindRoom(world.ctx, unit, '102', 'wx-r-102');
  first = await openElevatorBallot(world.ctx, unit.unitId, 7);
  await chat('wx-r-101', 'oppose', 1);
  await paper(first, '201', 'oppose');
  await cancelBallot(world.ctx, { ballotId: first, reason: '名册有误' }, adminAt(2));
  second = await openElevatorBallot(world.ctx, unit.unitId, 7);
  await chat('wx-r-101', 'agree', 3);
  await chat('wx-r-spouse', 'oppose', 4);
  await paper(second, '202', 'oppose');
});
afterAll(() => world.close());

describe('readWorklist', () => {
  it('lists the flats to visit: the conflict first, then the unreachable, then the silent, each with its owners', async () => {
    const { rows, ballot } = await readWorklist(world.ctx, second);
    expect(ballot.ballotId).toBe(second);
    expect(rows.map((row) => [row.room, row.reason, row.unbound])).toEqual([
      ['101', 'conflict', false],
      ['201', 'unbound', true],
      ['102', 'not_voted', false],
    ]);
    expect(rows[0]!.owners).toEqual([{ name: '业主101', phone: '13800000101' }]);
  });

  it('has no worklist for a ballot that is over (ballot_closed, naming its status)', async () => {
    await expect(readWorklist(world.ctx, first)).rejects.toMatchObject({
      code: 'ballot_closed',
      details: { ballotId: first, status: 'cancelled' },
    });
  });
});

describe('readNamedRecord', () => {
  it('keeps the record back while the ballot is open (ballot_still_open)', async () => {
    await expect(readNamedRecord(world.ctx, second)).rejects.toMatchObject({
      code: 'ballot_still_open',
      details: { ballotId: second },
    });
  });

  it('gives every flat of the closed ballot with every vote, the one that counts, and its own receipt hash', async () => {
    await closeBallot(world.ctx, second, adminAt(7 * DAY));
    const { rows } = await readNamedRecord(world.ctx, second);
    const hashes = await voteHashes(second);
    expect(hashes).toHaveLength(3);
    expect(rows.map((row) => [row.room, row.counted ?? null, row.conflict, row.votes.length])).toEqual([
      ['101', 'agree', true, 2],
      ['102', null, false, 0],
      ['201', null, false, 0],
      ['202', 'oppose', false, 1],
    ]);
    expect(rows[0]!.votes).toEqual([
      expect.objectContaining({
        seq: 1,
        choice: 'agree',
        voterId: 'wx-r-101',
        counts: true,
        valid: true,
        hash: hashes[0],
      }),
      expect.objectContaining({
        seq: 2,
        choice: 'oppose',
        voterId: 'wx-r-spouse',
        counts: false,
        hash: hashes[1],
      }),
    ]);
    expect(rows[3]!.votes[0]).toMatchObject({
      channel: 'paper',
      reference: 'P-202',
      counts: true,
      hash: hashes[2],
    });
    expect(rows[3]!.owners).toEqual([{ name: '业主202', phone: '13800000202' }]);
  });

  it('keeps the record of the cancelled ballot, with that ballot’s own hashes', async () => {
    const { rows, ballot } = await readNamedRecord(world.ctx, first);
    expect(ballot.status).toBe('cancelled');
    const hashes = await voteHashes(first);
    const voted = rows.filter((row) => row.votes.length > 0);
    expect(voted.map((row) => [row.room, row.votes[0]!.choice, row.votes[0]!.hash])).toEqual([
      ['101', 'oppose', hashes[0]],
      ['201', 'oppose', hashes[1]],
    ]);
  });

  it.each([
    ['an id of no ballot shape', () => 'b_nope'],
    ['a ballot the unit never opened', () => newBallotId(unit.unitId)],
  ])('refuses %s (ballot_not_found), as the worklist does', async (_what, id) => {
    await expect(readNamedRecord(world.ctx, id())).rejects.toMatchObject({ code: 'ballot_not_found' });
    await expect(readWorklist(world.ctx, id())).rejects.toMatchObject({ code: 'ballot_not_found' });
  });
});
