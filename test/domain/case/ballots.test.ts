import { describe, expect, it } from '@jest/globals';
import {
  ballotTally,
  type CaseCommand,
  type CaseCommandData,
  type CaseEvent,
} from '../../../domain/case/index.js';
import { FLATS, at, fold, given, historyUntil, run, T0 } from './support.js';

const register: CaseCommand = {
  type: 'RegisterUnit',
  data: { unit: { community: '朝晖', building: '7幢', unit: '2单元', district: '下城' }, flats: FLATS },
};
const elevatorBallot = (data: Partial<CaseCommandData['OpenBallot']> = {}): CaseCommand => ({
  type: 'OpenBallot',
  data: { ballotId: 'b2', title: '加装电梯表决（二）', matter: 'major', purpose: 'elevator', ...data },
});
const vote = (data: Partial<CaseCommandData['CastVote']> = {}): CaseCommand => ({
  type: 'CastVote',
  data: {
    ballotId: 'b1',
    room: '101',
    choice: 'agree',
    channel: 'miniprogram',
    voterId: 'owner-101',
    ...data,
  },
});
const close = (ballotId = 'b1'): CaseCommand => ({ type: 'CloseBallot', data: { ballotId } });

/** A case at planning, with plan 1 published on day 7. */
const planning = historyUntil('planning');
/** The elevator ballot b1 open from day 14, closing day 21, no votes yet. */
const voting = historyUntil('voting');

describe('RegisterUnit', () => {
  it('opens the case with the unit and its flats, flagging elderly residents for mediation care', () => {
    const [event] = given()
      .when(register)
      .then([
        {
          type: 'UnitRegistered',
          data: {
            unit: { community: '朝晖', building: '7幢', unit: '2单元', district: '下城' },
            flats: FLATS,
            registeredAt: T0.toISOString(),
          },
        },
      ]);
    const state = fold([event as CaseEvent]);
    expect(state.stage).toBe('canvassing');
    expect(state.needsExtraMediationCare).toBe(true);
  });

  it('does not flag a unit without elderly or disabled residents', () => {
    const flats = FLATS.map(({ elderly: _elderly, ...flat }) => flat);
    const events = given()
      .when({ ...register, data: { ...register.data, flats } } as CaseCommand)
      .events();
    expect(fold(events).needsExtraMediationCare).toBe(false);
  });

  it('flags a unit where a disabled resident lives', () => {
    const flats = FLATS.map(({ elderly: _elderly, ...flat }) => ({ ...flat, disabled: flat.room === '602' }));
    const events = given()
      .when({ ...register, data: { ...register.data, flats } } as CaseCommand)
      .events();
    expect(fold(events).needsExtraMediationCare).toBe(true);
  });

  it('refuses a second registration: one case is one unit', () => {
    given(planning).when(register).then('unit_already_registered');
  });

  it('refuses an empty roster and a duplicated room with the vote module codes', () => {
    given()
      .when({ ...register, data: { ...register.data, flats: [] } } as CaseCommand)
      .then('empty_roster');
    const flats = [...FLATS, FLATS[0]!];
    given()
      .when({ ...register, data: { ...register.data, flats } } as CaseCommand)
      .then('duplicate_room');
  });

  it('refuses an empty unit name', () => {
    given()
      .when({
        ...register,
        data: { ...register.data, unit: { community: '朝晖', building: ' ', unit: '2' } },
      })
      .then('validation_error', { field: 'unit.building' });
  });
});

describe('UpdateRoster', () => {
  const update = (flats = FLATS): CaseCommand => ({ type: 'UpdateRoster', data: { flats, reason: '过户' } });

  it('needs a registered unit', () => {
    given().when(update()).then('unit_not_registered');
  });

  it('replaces the flats but never the roster frozen in an open ballot, which it names', () => {
    const flats = FLATS.filter((flat) => flat.room !== '602');
    const [event] = given(voting)
      .when(update(flats), at(15))
      .then([
        {
          type: 'RosterUpdated',
          data: {
            flats,
            reason: '过户',
            updatedAt: at(15).toISOString(),
            openBallotIds: ['b1'],
            changes: { added: [], removed: ['602'], changed: [] },
          },
        },
      ]);
    const state = fold([...voting, event as CaseEvent]);
    expect(state.flats).toHaveLength(11);
    expect(state.ballots[0]?.roster).toHaveLength(12);
    expect(state.needsExtraMediationCare).toBe(true);
  });

  it('clears the care flag when the flagged flat is gone', () => {
    const events = given(planning)
      .when(update(FLATS.slice(1)))
      .events();
    expect(fold([...planning, ...events]).needsExtraMediationCare).toBe(false);
  });

  it('requires a reason', () => {
    given(planning)
      .when({ type: 'UpdateRoster', data: { flats: FLATS, reason: '' } })
      .then('validation_error', { field: 'reason' });
  });
});

describe('PublishPlan', () => {
  const plan = (planVersion: number): CaseCommand => ({
    type: 'PublishPlan',
    data: { planVersion, title: `方案${planVersion}`, summary: '东侧加装' },
  });

  it('moves a canvassing case to planning', () => {
    const canvassing = historyUntil('canvassing');
    const [event] = given(canvassing)
      .when(plan(1), at(1))
      .then([
        {
          type: 'PlanPublished',
          data: {
            planVersion: 1,
            title: '方案1',
            summary: '东侧加装',
            documents: [],
            publishedAt: at(1).toISOString(),
          },
        },
      ]);
    expect(fold([...canvassing, event as CaseEvent]).plan).toEqual({
      version: 1,
      title: '方案1',
      summary: '东侧加装',
      publishedAt: at(1).toISOString(),
    });
  });

  it('refuses a version that is not newer', () => {
    given(planning).when(plan(1)).then('plan_version_not_newer', { planVersion: 1, current: 1 });
    given(planning).when(plan(1.5)).then('plan_version_not_newer');
  });

  it('may change the plan under an open elevator ballot, which stays open (see plans.test.ts)', () => {
    const events = given(voting).when(plan(2), at(15)).events();
    const state = fold([...voting, ...events]);
    expect(state.stage).toBe('voting');
    expect(state.ballots[0]).toMatchObject({ ballotId: 'b1', status: 'open', planVersion: 2 });
  });

  it('leads a failed ballot back to planning with a new version', () => {
    const failed = run([{ command: close(), now: at(21) }], voting);
    expect(failed.state.stage).toBe('voting');
    const events = given(failed.events).when(plan(2), at(22)).events();
    expect(fold([...failed.events, ...events]).stage).toBe('planning');
  });

  it('is refused once the elevator ballot passed', () => {
    given(historyUntil('agreement'))
      .when(plan(2))
      .then('wrong_stage', {
        stage: 'agreement',
        expected: ['canvassing', 'planning', 'voting'],
      });
  });

  it('needs a registered unit', () => {
    given().when(plan(1)).then('unit_not_registered');
  });
});

describe('OpenBallot', () => {
  it('freezes the roster (without care flags), the rules and the denominators, and moves to voting', () => {
    const [event] = given(planning)
      .when(elevatorBallot({ closesAt: at(5) }), T0)
      .then([
        {
          type: 'BallotOpened',
          data: {
            ballotId: 'b2',
            title: '加装电梯表决（二）',
            matter: 'major',
            purpose: 'elevator',
            planVersion: 1,
            rules: { matter: 'major', abstentionParticipates: true, onCoOwnerConflict: 'earlier' },
            roster: FLATS.map(({ elderly: _elderly, ...flat }) => flat),
            denominators: { owners: 12, areaCenti: 91500 },
            opensAt: T0.toISOString(),
            closesAt: at(5).toISOString(),
            minimumOpenDays: 5,
            earliestCloseAt: at(5).toISOString(),
          },
        },
      ]);
    expect(fold([...planning, event as CaseEvent]).stage).toBe('voting');
  });

  it('keeps the rules it is given', () => {
    const [event] = given(planning)
      .when(
        elevatorBallot({
          rules: { abstentionParticipates: false, onCoOwnerConflict: 'latest' },
          planVersion: 1,
        }),
      )
      .events();
    expect(event?.type === 'BallotOpened' && event.data.rules).toEqual({
      matter: 'major',
      abstentionParticipates: false,
      onCoOwnerConflict: 'latest',
    });
  });

  it('stays open at least five days by default: a day less is too short', () => {
    given(planning)
      .when(elevatorBallot({ closesAt: at(4, 23) }), T0)
      .then('ballot_too_short', {
        closesAt: at(4, 23).toISOString(),
        earliestCloseAt: at(5).toISOString(),
        minimumOpenDays: 5,
      });
  });

  it('closes at most 90 days after it opens: a closing date beyond is refused by name', () => {
    given(planning)
      .when(elevatorBallot({ closesAt: at(90) }), T0)
      .events();
    given(planning)
      .when(elevatorBallot({ closesAt: at(90, 1) }), T0)
      .then('validation_error', { field: 'closesAt' });
    given(planning)
      .when(elevatorBallot({ closesAt: new Date('9999-12-31T23:59:59Z') }), T0)
      .then('validation_error', { field: 'closesAt' });
    given(planning)
      .when(elevatorBallot({ minimumOpenDays: 91 }), T0)
      .then('validation_error', { field: 'minimumOpenDays' });
  });

  it('takes a configured minimum', () => {
    given(planning)
      .when(elevatorBallot({ closesAt: at(6), minimumOpenDays: 7 }))
      .then('ballot_too_short');
    given(planning)
      .when(elevatorBallot({ closesAt: at(2), minimumOpenDays: 2 }))
      .events();
    for (const minimumOpenDays of [-1, 1.5, 366]) {
      given(planning)
        .when(elevatorBallot({ minimumOpenDays }))
        .then('validation_error', { field: 'minimumOpenDays' });
    }
  });

  it('refuses an invalid closing instant', () => {
    given(planning)
      .when(elevatorBallot({ closesAt: new Date('nope') }))
      .then('validation_error', { field: 'closesAt' });
  });

  it('treats the elevator as a major matter', () => {
    given(planning)
      .when(elevatorBallot({ matter: 'ordinary' }))
      .then('elevator_ballot_must_be_major');
  });

  it('opens the elevator ballot only on a published plan, and only one at a time', () => {
    given(historyUntil('canvassing'))
      .when(elevatorBallot())
      .then('wrong_stage', {
        stage: 'canvassing',
        expected: ['planning', 'voting'],
      });
    given(voting).when(elevatorBallot()).then('elevator_ballot_open', { ballotId: 'b1' });
  });

  it('votes on the current plan version', () => {
    given(planning)
      .when(elevatorBallot({ planVersion: 2 }))
      .then('plan_version_mismatch', {
        planVersion: 2,
        current: 1,
      });
  });

  it('refuses a ballot id already used', () => {
    given(voting)
      .when(elevatorBallot({ ballotId: 'b1' }))
      .then('ballot_already_exists');
  });

  it('lets a new elevator ballot follow a failed one', () => {
    const failed = run([{ command: close(), now: at(21) }], voting);
    const events = given(failed.events).when(elevatorBallot(), at(22)).events();
    expect(fold([...failed.events, ...events]).stage).toBe('voting');
  });

  it('opens ordinary ballots at any stage after registration without moving the stage', () => {
    const ordinary: CaseCommand = {
      type: 'OpenBallot',
      data: { ballotId: 'm1', title: '选聘维保单位', matter: 'ordinary', purpose: 'maintainer' },
    };
    for (const history of [historyUntil('canvassing'), voting, historyUntil('in_service')]) {
      const events = given(history).when(ordinary).events();
      expect(fold([...history, ...events]).stage).toBe(fold(history).stage);
    }
    given().when(ordinary).then('unit_not_registered');
  });
});

describe('CastVote', () => {
  it('records a vote with how it came', () => {
    given(voting)
      .when(vote({ channel: 'paper', reference: 'P-7', voterId: 'committee-1' }), at(15))
      .then([
        {
          type: 'VoteCast',
          data: {
            ballotId: 'b1',
            room: '101',
            choice: 'agree',
            channel: 'paper',
            castAt: at(15).toISOString(),
            reference: 'P-7',
            voterId: 'committee-1',
          },
        },
      ]);
  });

  it('lets an owner change a vote: the latest counts and the history is kept', () => {
    const cast = run(
      [
        { command: vote({ choice: 'oppose' }), now: at(15) },
        { command: vote({ choice: 'agree' }), now: at(16) },
      ],
      voting,
    );
    expect(cast.state.ballots[0]?.votes.map((v) => [v.seq, v.choice])).toEqual([
      [1, 'oppose'],
      [2, 'agree'],
    ]);
    expect(ballotTally(cast.state, 'b1')?.agree.owners).toBe(1);
    expect(ballotTally(cast.state, 'b1')?.oppose.owners).toBe(0);
  });

  it('refuses an unknown ballot', () => {
    given(voting)
      .when(vote({ ballotId: 'zz' }))
      .then('ballot_not_found', { ballotId: 'zz' });
  });

  it('refuses a room outside the frozen roster, even one added since', () => {
    const added = { ...FLATS[0]!, room: '701', floor: 7 };
    const updated = run(
      [
        {
          command: { type: 'UpdateRoster', data: { flats: [...FLATS, added], reason: '加层' } },
          now: at(15),
        },
      ],
      voting,
    );
    given(updated.events)
      .when(vote({ room: '701' }), at(15))
      .then('unknown_room', { ballotId: 'b1', room: '701' });
  });

  it('stops taking votes at closesAt', () => {
    given(voting).when(vote(), at(21, -1)).events();
    given(voting)
      .when(vote(), at(21))
      .then('ballot_closed', {
        ballotId: 'b1',
        status: 'open',
        closesAt: at(21).toISOString(),
      });
  });

  it('refuses votes on a closed or cancelled ballot', () => {
    const closed = run([{ command: close(), now: at(21) }], voting).events;
    given(closed).when(vote(), at(21)).then('ballot_closed', { status: 'closed' });
    const cancelled = run(
      [{ command: { type: 'CancelBallot', data: { ballotId: 'b1', reason: '名册有误' } }, now: at(15) }],
      voting,
    ).events;
    given(cancelled).when(vote(), at(15)).then('ballot_closed', { status: 'cancelled' });
  });

  it('needs the paper reference, the proxy principal and the verbatim chat message', () => {
    given(voting)
      .when(vote({ channel: 'paper' }), at(15))
      .then('paper_reference_missing');
    given(voting)
      .when(vote({ channel: 'paper', reference: ' ' }), at(15))
      .then('paper_reference_missing');
    given(voting)
      .when(vote({ channel: 'proxy' }), at(15))
      .then('proxy_not_recorded');
    given(voting)
      .when(vote({ channel: 'proxy', proxyFor: '101 王某' }), at(15))
      .events();
    given(voting)
      .when(vote({ channel: 'wechat', text: '同意' }), at(15))
      .then('message_not_kept');
    given(voting)
      .when(vote({ channel: 'wechat', messageId: 'm1' }), at(15))
      .then('message_not_kept');
    given(voting)
      .when(vote({ channel: 'in_person' }), at(15))
      .events();
  });

  it('ignores a redelivered chat message', () => {
    const chat = vote({ channel: 'wechat', messageId: 'm1', text: '同意' });
    const first = run([{ command: chat, now: at(15) }], voting).events;
    given(first).when(chat, at(15, 1)).then([]);
  });
});

describe('CloseBallot', () => {
  const withVotes = run(
    ['101', '102', '201', '202', '301', '302', '401', '402', '501'].map((room) => ({
      command: vote({ room, voterId: `owner-${room}` }),
      now: at(15),
    })),
    voting,
  ).events;

  it('closes at closesAt with the tally; a passed elevator ballot moves the case to agreement', () => {
    const [event] = given(withVotes)
      .when(close(), at(21))
      .then([
        {
          type: 'BallotClosed',
          data: {
            ballotId: 'b1',
            closedAt: at(21).toISOString(),
            late: false,
            result: expect.objectContaining({
              passed: true,
              participating: { owners: 9, areaCenti: 5 * 7250 + 4 * 8000 },
            }),
          },
        },
      ]);
    const state = fold([...withVotes, event as CaseEvent]);
    expect(state.stage).toBe('agreement');
    expect(state.passedElevatorBallotId).toBe('b1');
    expect(ballotTally(state, 'b1')).toEqual(
      (event as Extract<CaseEvent, { type: 'BallotClosed' }>).data.result,
    );
  });

  it('marks a close after closesAt as late', () => {
    const [event] = given(withVotes).when(close(), at(22)).events();
    expect(event?.type === 'BallotClosed' && event.data.late).toBe(true);
  });

  it("takes the scheduler's late flag when given (auto-close within its grace period is on time)", () => {
    const onTime = given(withVotes).when(
      { type: 'CloseBallot', data: { ballotId: 'b1', late: false } },
      at(22),
    );
    expect(onTime.events()[0]).toMatchObject({ type: 'BallotClosed', data: { late: false } });
    const late = given(withVotes).when({ type: 'CloseBallot', data: { ballotId: 'b1', late: true } }, at(22));
    const [event] = late.events();
    expect(event).toMatchObject({ type: 'BallotClosed', data: { late: true } });
    expect(fold([...withVotes, event as CaseEvent]).ballots.find((b) => b.ballotId === 'b1')?.late).toBe(
      true,
    );
  });

  it('cannot be closed before closesAt: there is no forced early close', () => {
    given(withVotes)
      .when(close(), at(20))
      .then('ballot_not_yet_closable', {
        ballotId: 'b1',
        closableAt: at(21).toISOString(),
      });
  });

  it('without closesAt, may be closed once the minimum period is over', () => {
    const open = run([{ command: elevatorBallot({ ballotId: 'b9' }), now: T0 }], planning).events;
    given(open)
      .when(close('b9'), at(4))
      .then('ballot_not_yet_closable', { closableAt: at(5).toISOString() });
    const [event] = given(open).when(close('b9'), at(5)).events();
    expect(event?.type === 'BallotClosed' && event.data.late).toBe(false);
  });

  it('leaves a failed elevator ballot in voting', () => {
    const events = given(voting).when(close(), at(21)).events();
    const state = fold([...voting, ...events]);
    expect(state.stage).toBe('voting');
    expect(state.passedElevatorBallotId).toBeUndefined();
  });

  it('refuses an unknown or already closed ballot', () => {
    given(voting).when(close('zz'), at(21)).then('ballot_not_found');
    const closed = run([{ command: close(), now: at(21) }], voting).events;
    given(closed).when(close(), at(22)).then('ballot_closed', { status: 'closed' });
  });

  it('closes an ordinary ballot in service under "more than half" without moving the stage', () => {
    const inService = historyUntil('in_service');
    const ordinary = run(
      [
        {
          command: {
            type: 'OpenBallot',
            data: {
              ballotId: 'r1',
              title: '使用维修资金',
              matter: 'ordinary',
              purpose: 'repair_funds',
              closesAt: at(180),
            },
          },
          now: at(171),
        },
        ...['101', '102', '201', '202', '301', '302', '401'].map((room) => ({
          command: vote({ ballotId: 'r1', room, choice: room === '401' ? 'oppose' : 'agree' }),
          now: at(172),
        })),
        ...['402'].map((room) => ({
          command: vote({ ballotId: 'r1', room, choice: 'abstain' }),
          now: at(172),
        })),
        { command: close('r1'), now: at(180) },
      ],
      inService,
    );
    expect(ordinary.state.stage).toBe('in_service');
    expect(ballotTally(ordinary.state, 'r1')?.passed).toBe(true);
  });
});

describe('CancelBallot', () => {
  const cancel = (ballotId = 'b1', reason = '名册有误'): CaseCommand => ({
    type: 'CancelBallot',
    data: { ballotId, reason },
  });

  it('cancels the elevator ballot and leads back to planning; its tally is gone', () => {
    const [event] = given(voting)
      .when(cancel(), at(15))
      .then([
        {
          type: 'BallotCancelled',
          data: { ballotId: 'b1', cancelledAt: at(15).toISOString(), reason: '名册有误' },
        },
      ]);
    const state = fold([...voting, event as CaseEvent]);
    expect(state.stage).toBe('planning');
    expect(state.ballots[0]?.status).toBe('cancelled');
    expect(ballotTally(state, 'b1')).toBeUndefined();
  });

  it('cancels an ordinary ballot without moving the stage', () => {
    const opened = run(
      [
        {
          command: {
            type: 'OpenBallot',
            data: { ballotId: 'o1', title: 't', matter: 'ordinary', purpose: 'other' },
          },
          now: at(15),
        },
      ],
      voting,
    ).events;
    const events = given(opened).when(cancel('o1'), at(16)).events();
    expect(fold([...opened, ...events]).stage).toBe('voting');
  });

  it('refuses an unknown, closed or reasonless cancellation', () => {
    given(voting).when(cancel('zz')).then('ballot_not_found');
    const closed = run([{ command: close(), now: at(21) }], voting).events;
    given(closed).when(cancel()).then('ballot_closed');
    given(voting).when(cancel('b1', '')).then('validation_error', { field: 'reason' });
  });
});

describe('ballotTally', () => {
  it('is live while the ballot is open and undefined for an unknown ballot', () => {
    const cast = run([{ command: vote(), now: at(15) }], voting).state;
    expect(ballotTally(cast, 'b1')).toEqual(
      expect.objectContaining({ passed: false, agree: { owners: 1, areaCenti: 7250 } }),
    );
    expect(ballotTally(cast, 'zz')).toBeUndefined();
  });
});
