/**
 * `castVote` on the real database: a vote the committee enters — paper, a joint statement, a proxy,
 * in person — is one `VoteCast` whose event channel says how it arrived (a joint statement arrives on
 * paper) and whose actor is whoever entered it; a proxy vote names whom it is cast for; a refused
 * vote leaves the stream as it was, and the ballot takes votes until the instant before `closesAt`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { castVote, type CastVoteInput } from '../../commands/cast-vote.js';
import { newBallotId } from '../../commands/kernel/ids.js';
import { findBallot } from '../../domain/case/index.js';
import { openElevatorBallot } from '../support/ballot-fixtures.js';
import { DAY, givenUnitWithPlan, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
let unitId: string;
let ballotId: string;
const staff = { kind: 'committee', id: 'tok_committee' } as const;
const at = (ms = 0) => ({ actor: staff, now: new Date(Date.parse(T0) + ms) });
const streamLength = async () => (await world.ctx.streams.load(unitId)).length;

beforeAll(async () => {
  world = await openCommandWorld('cast-vote');
  unitId = await givenUnitWithPlan(world.ctx, 4);
  ballotId = await openElevatorBallot(world.ctx, unitId, 7);
});
afterAll(() => world.close());

describe('castVote', () => {
  it('records a paper vote as one VoteCast: the receipt is the stored event, its actor whoever entered it', async () => {
    const cast = await castVote(
      world.ctx,
      { ballotId, room: '101', choice: 'agree', channel: 'paper', reference: 'P-101' },
      at(1000),
    );
    expect(cast.unitId).toBe(unitId);
    expect(cast.event).toMatchObject({
      type: 'VoteCast',
      seq: cast.head.seq,
      channel: 'paper',
      actor: staff,
      data: {
        ballotId,
        room: '101',
        choice: 'agree',
        channel: 'paper',
        reference: 'P-101',
        castAt: new Date(Date.parse(T0) + 1000).toISOString(),
      },
    });
    expect(cast.event.data).not.toHaveProperty('proxyFor');
    const stored = (await world.ctx.streams.load(unitId)).at(-1)!;
    expect([stored.seq, stored.hash]).toEqual([cast.event.seq, cast.event.hash]);
    expect(findBallot(cast.state, ballotId)!.votes.map((vote) => [vote.room, vote.choice])).toEqual([
      ['101', 'agree'],
    ]);
  });

  it('enters a joint written statement as arriving on paper, and it settles the flat', async () => {
    const cast = await castVote(
      world.ctx,
      { ballotId, room: '102', choice: 'oppose', channel: 'statement', reference: 'S-102' },
      at(),
    );
    expect(cast.event.channel).toBe('paper');
    expect(cast.event.data).toMatchObject({ channel: 'statement', reference: 'S-102' });
    expect(findBallot(cast.state, ballotId)!.votes.at(-1)).toMatchObject({ room: '102', settles: true });
  });

  it('names whom a proxy vote is for — the room unless the committee says whom — and nobody on other channels', async () => {
    const byDefault = await castVote(
      world.ctx,
      { ballotId, room: '201', choice: 'agree', channel: 'proxy', reference: 'A-201' },
      at(),
    );
    expect(byDefault.event).toMatchObject({ channel: 'proxy', data: { proxyFor: '201' } });
    const named = await castVote(
      world.ctx,
      { ballotId, room: '201', choice: 'agree', channel: 'proxy', reference: 'A-201', proxyFor: '业主201' },
      at(),
    );
    expect(named.event.data).toMatchObject({ proxyFor: '业主201' });
    const inPerson = await castVote(
      world.ctx,
      {
        ballotId,
        room: '202',
        choice: 'abstain',
        channel: 'in_person',
        reference: 'I-202',
        proxyFor: '业主202',
      },
      at(),
    );
    expect(inPerson.event.channel).toBe('in_person');
    expect(inPerson.event.data).not.toHaveProperty('proxyFor');
  });

  it.each<[string, string, () => Partial<CastVoteInput>]>([
    ['a ballot id naming no unit', 'ballot_not_found', () => ({ ballotId: 'b_nope' })],
    ['a ballot the unit never opened', 'ballot_not_found', () => ({ ballotId: newBallotId(unitId) })],
    ['a room outside the frozen roster', 'unknown_room', () => ({ room: '909' })],
    ['a paper vote with a blank reference', 'paper_reference_missing', () => ({ reference: '  ' })],
    [
      'a joint statement without a reference',
      'paper_reference_missing',
      () => ({ channel: 'statement', reference: '' }),
    ],
  ])('refuses %s (%s), appending nothing', async (_what, code, change) => {
    const before = await streamLength();
    const input: CastVoteInput = {
      ballotId,
      room: '101',
      choice: 'oppose',
      channel: 'paper',
      reference: 'P-x',
      ...change(),
    };
    await expect(castVote(world.ctx, input, at())).rejects.toMatchObject({ code });
    expect(await streamLength()).toBe(before);
  });

  it('takes a vote until the instant before closesAt and refuses one at closesAt (ballot_closed)', async () => {
    const closesAt = Date.parse(T0) + 7 * DAY;
    const vote: CastVoteInput = {
      ballotId,
      room: '101',
      choice: 'oppose',
      channel: 'paper',
      reference: 'P-2',
    };
    const last = await castVote(world.ctx, vote, at(7 * DAY - 1));
    expect(last.event.data).toMatchObject({ castAt: new Date(closesAt - 1).toISOString() });
    const before = await streamLength();
    await expect(castVote(world.ctx, vote, at(7 * DAY))).rejects.toMatchObject({
      code: 'ballot_closed',
      details: { ballotId, status: 'open', closesAt: new Date(closesAt).toISOString() },
    });
    expect(await streamLength()).toBe(before);
  });
});
