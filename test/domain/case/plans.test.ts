import { describe, expect, it } from '@jest/globals';
import {
  ballotTally,
  countedVotes,
  findBallot,
  roomsToReconfirm,
  type CaseCommand,
  type CaseEvent,
} from '../../../domain/case/index.js';
import type { CostPlan } from '../../../domain/cost/index.js';
import { at, fold, given, historyUntil, ROOMS, run } from './support.js';

/** ¥600,000 less a ¥200,000 subsidy: ¥400,000 shared by floors 3–6 as agreed per room. */
const V1_FEN: Readonly<Record<string, number>> = {
  '301': 4_000_000,
  '302': 4_000_000,
  '401': 5_000_000,
  '402': 5_000_000,
  '501': 5_500_000,
  '502': 5_500_000,
  '601': 5_500_000,
  '602': 5_500_000,
};
const costOf = (fenByRoom: Readonly<Record<string, number>>): CostPlan => ({
  totalCostFen: 60_000_000,
  subsidyFen: 20_000_000,
  scheme: { kind: 'explicit', fenByRoom },
});
/** Version 3 moves ¥10,000 from 602 to 601; everyone else pays the same. */
const V3_FEN = { ...V1_FEN, '601': 6_500_000, '602': 4_500_000 };

const publish = (planVersion: number, cost?: CostPlan): CaseCommand => ({
  type: 'PublishPlan',
  data: { planVersion, title: `方案${planVersion}`, ...(cost === undefined ? {} : { cost }) },
});
const vote = (room: string, choice: 'agree' | 'oppose' = 'agree', n = 0, ballotId = 'b9'): CaseCommand => ({
  type: 'CastVote',
  data: {
    ballotId,
    room,
    choice,
    channel: 'wechat',
    voterId: `owner-${room}`,
    messageId: `m-${room}-${n}`,
    text: choice === 'agree' ? '同意' : '反对',
  },
});
const open: CaseCommand = {
  type: 'OpenBallot',
  data: { ballotId: 'b9', title: '加装电梯表决', matter: 'major', purpose: 'elevator', closesAt: at(30) },
};

/** Plan 2 (with shares) published on day 8, ballot b9 open from day 9; 301, 601 agree and 602 opposes. */
const votingOnV2 = run(
  [
    { command: publish(2, costOf(V1_FEN)), now: at(8) },
    { command: open, now: at(9) },
    { command: vote('301'), now: at(10) },
    { command: vote('601'), now: at(10) },
    { command: vote('602', 'oppose'), now: at(10) },
  ],
  historyUntil('planning'),
).events;

describe('PublishPlan with a cost plan', () => {
  it('keeps the cost plan and each flat’s share, as computed from the registered flats', () => {
    const planning = historyUntil('planning');
    const [event] = given(planning)
      .when(publish(2, costOf(V1_FEN)), at(8))
      .events();
    const data = (event as Extract<CaseEvent, { type: 'PlanPublished' }>).data;
    expect(data.cost).toEqual(costOf(V1_FEN));
    expect(data.shares?.map((share) => share.room)).toEqual(ROOMS);
    expect(data.shares?.find((share) => share.room === '601')).toMatchObject({
      payFen: 5_500_000,
      netFen: 5_500_000,
      terms: { scheme: 'explicit', agreedFen: 5_500_000 },
    });
    expect(data.shares?.find((share) => share.room === '101')).toMatchObject({ payFen: 0 });
    expect(data.ballot).toBeUndefined();

    const state = fold([...planning, event!]);
    expect(state.plan).toMatchObject({ version: 2, cost: costOf(V1_FEN), shares: data.shares });
    expect(state.plans.map((plan) => plan.version)).toEqual([1, 2]);
  });

  it('refuses a cost plan that does not add up, and names the gap', () => {
    given(historyUntil('planning'))
      .when(publish(2, costOf({ ...V1_FEN, '601': 1 })))
      .then('explicit_shares_do_not_sum', { expected: 40_000_000 });
  });

  it('refuses a share for a room the unit does not have', () => {
    given(historyUntil('planning'))
      .when(publish(2, costOf({ ...V1_FEN, '701': 0 })))
      .then('unknown_room');
  });
});

describe('a new plan version during the open elevator ballot', () => {
  it('moves the ballot to it and voids the votes of the flats whose share changed', () => {
    const [event] = given(votingOnV2)
      .when(publish(3, costOf(V3_FEN)), at(11))
      .events();
    expect(event).toMatchObject({
      type: 'PlanPublished',
      data: { planVersion: 3, ballot: { ballotId: 'b9', reconfirmRooms: ['601', '602'] } },
    });
    const state = fold([...votingOnV2, event!]);
    expect(state.stage).toBe('voting');
    const ballot = findBallot(state, 'b9')!;
    expect(ballot.planVersion).toBe(3);
    expect(countedVotes(ballot).map((v) => v.room)).toEqual(['301']);
    expect(roomsToReconfirm(ballot)).toEqual(['601', '602']);
    const tally = ballotTally(state, 'b9')!;
    expect(tally.agree.owners).toBe(1);
    expect(tally.oppose.owners).toBe(0);
  });

  it('counts a flat again once it votes on the new version', () => {
    const { state } = run(
      [
        { command: publish(3, costOf(V3_FEN)), now: at(11) },
        { command: vote('601', 'agree', 1), now: at(12) },
      ],
      votingOnV2,
    );
    const ballot = findBallot(state, 'b9')!;
    expect(countedVotes(ballot).map((v) => v.room)).toEqual(['301', '601']);
    expect(roomsToReconfirm(ballot)).toEqual(['602']);
    expect(ballotTally(state, 'b9')!.agree.owners).toBe(2);
  });

  it('closes on the counted votes only', () => {
    const { state } = run(
      [
        { command: publish(3, costOf(V3_FEN)), now: at(11) },
        { command: { type: 'CloseBallot', data: { ballotId: 'b9' } }, now: at(31) },
      ],
      votingOnV2,
    );
    const result = findBallot(state, 'b9')!.result!;
    expect(result.agree.owners).toBe(1);
    expect(result.oppose.owners).toBe(0);
    expect(result.passed).toBe(false);
  });

  it('asks nobody again when no share changed', () => {
    const [event] = given(votingOnV2)
      .when(publish(3, costOf(V1_FEN)), at(11))
      .events();
    expect(event).toMatchObject({ data: { ballot: { ballotId: 'b9', reconfirmRooms: [] } } });
    expect(ballotTally(fold([...votingOnV2, event!]), 'b9')!.agree.owners).toBe(2);
  });

  it('asks every flat again when the first cost plan arrives during the ballot', () => {
    const voting = run(
      [{ command: vote('301', 'agree', 0, 'b1'), now: at(15) }],
      historyUntil('voting'),
    ).events;
    const [event] = given(voting)
      .when(publish(2, costOf(V1_FEN)), at(16))
      .events();
    expect(event).toMatchObject({ data: { ballot: { ballotId: 'b1', reconfirmRooms: ROOMS } } });
    expect(ballotTally(fold([...voting, event!]), 'b1')!.agree.owners).toBe(0);
  });

  it('voids only the votes cast before it, across several versions', () => {
    const { state } = run(
      [
        { command: publish(3, costOf(V3_FEN)), now: at(11) },
        { command: vote('602', 'agree', 1), now: at(12) },
        { command: publish(4, costOf(V1_FEN)), now: at(13) },
      ],
      votingOnV2,
    );
    const ballot = findBallot(state, 'b9')!;
    expect(ballot.reconfirmations?.map((r) => r.rooms)).toEqual([
      ['601', '602'],
      ['601', '602'],
    ]);
    expect(countedVotes(ballot).map((v) => v.room)).toEqual(['301']);
    expect(roomsToReconfirm(ballot)).toEqual(['601', '602']);
  });
});
