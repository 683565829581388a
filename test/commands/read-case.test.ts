/**
 * The read side of a unit and its ballots, on the real database: `readUnit` answers a registered
 * unit and refuses an id that names none (malformed or unknown) alike; `readBallot` finds a ballot
 * by the unit its id encodes, and refuses one that is not there; `readBallotTally` is live while the
 * ballot is open, frozen once it closed, and refused for a cancelled ballot.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cancelBallot } from '../../commands/cancel-ballot.js';
import { castVote } from '../../commands/cast-vote.js';
import { closeBallot } from '../../commands/close-ballot.js';
import { newBallotId, newUnitId } from '../../commands/kernel/ids.js';
import { openBallot } from '../../commands/open-ballot.js';
import { readBallot, readBallotTally, readUnit } from '../../commands/read-case.js';
import {
  adminAt,
  DAY,
  givenUnit,
  givenUnitWithPlan,
  openCommandWorld,
  T0,
  type CommandWorld,
} from '../support/commands.js';

let world: CommandWorld;
let unitId: string;
beforeAll(async () => {
  world = await openCommandWorld('read-case');
  unitId = await givenUnitWithPlan(world.ctx, 4);
});
afterAll(() => world.close());

const paper = (ballotId: string, room: string, choice: 'agree' | 'oppose', ms = 0) =>
  castVote(world.ctx, { ballotId, room, choice, channel: 'paper', reference: `P-${room}` }, adminAt(ms));

describe('readUnit', () => {
  it('answers a registered unit with its id, its case and the head it reflects', async () => {
    const read = await readUnit(world.ctx, unitId);
    expect(read.unitId).toBe(unitId);
    expect(read.state.stage).toBe('planning');
    expect(read.head.seq).toBe(2);
    expect(read.state.flats.map((flat) => flat.room)).toEqual(['101', '102', '201', '202']);
  });

  it('refuses a malformed id and an unknown one alike, with unit_not_registered naming it', async () => {
    for (const id of ['nonsense', newUnitId()]) {
      await expect(readUnit(world.ctx, id)).rejects.toMatchObject({
        code: 'unit_not_registered',
        details: { unitId: id },
      });
    }
  });
});

describe('readBallot', () => {
  it('finds an open ballot through the unit its id encodes', async () => {
    const opened = await openBallot(world.ctx, { unitId, title: '普通事项', matter: 'ordinary' }, adminAt());
    const read = await readBallot(world.ctx, opened.ballot.ballotId);
    expect(read).toMatchObject({ unitId, ballot: { ballotId: opened.ballot.ballotId, status: 'open' } });
  });

  it('refuses a unit id, a ballot of an unknown unit and an unknown ballot of a known unit', async () => {
    const other = await givenUnit(world.ctx, 2);
    for (const ballotId of [unitId, newBallotId(newUnitId()), newBallotId(other)]) {
      await expect(readBallot(world.ctx, ballotId)).rejects.toMatchObject({
        code: 'ballot_not_found',
        details: { ballotId },
      });
    }
  });
});

describe('readBallotTally', () => {
  it('is live while the ballot is open and frozen once it closed', async () => {
    const unit = await givenUnitWithPlan(world.ctx, 4);
    const opened = await openBallot(
      world.ctx,
      { unitId: unit, title: '加装电梯', matter: 'major', closesAt: new Date(Date.parse(T0) + 5 * DAY) },
      adminAt(),
    );
    const { ballotId } = opened.ballot;
    await paper(ballotId, '101', 'agree');
    await paper(ballotId, '102', 'oppose');
    const live = await readBallotTally(world.ctx, ballotId);
    expect(live.final).toBe(false);
    expect(live.tally).toMatchObject({
      passed: false,
      participating: { owners: 2, areaCenti: 10_000 },
      agree: { owners: 1, areaCenti: 5_000 },
      oppose: { owners: 1, areaCenti: 5_000 },
    });
    await paper(ballotId, '201', 'agree', DAY);
    await closeBallot(world.ctx, ballotId, adminAt(5 * DAY + 1));
    const final = await readBallotTally(world.ctx, ballotId);
    expect(final.final).toBe(true);
    expect(final.ballot.status).toBe('closed');
    expect(final.tally.agree).toEqual({ owners: 2, areaCenti: 10_000 });
    expect(final.tally.participating.owners).toBe(3);
  });

  it('refuses the tally of a cancelled ballot with ballot_closed and its status', async () => {
    const opened = await openBallot(world.ctx, { unitId, title: '另一事项', matter: 'ordinary' }, adminAt());
    const { ballotId } = opened.ballot;
    await cancelBallot(world.ctx, { ballotId, reason: '填错了' }, adminAt(1));
    await expect(readBallotTally(world.ctx, ballotId)).rejects.toMatchObject({
      code: 'ballot_closed',
      details: { ballotId, status: 'cancelled' },
    });
  });
});
