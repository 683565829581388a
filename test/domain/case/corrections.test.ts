/**
 * Corrections are events that supersede, never edits, and lose nothing: a roster changed after
 * registration (open ballots keep theirs), an objection or a mediation step withdrawn, a mediation
 * step dated before the one it follows refused, and a ballot closed by hand right at its end on time.
 */
import { describe, expect, it } from '@jest/globals';
import {
  ballotTally,
  standingMediations,
  type CaseCommand,
  type CaseCommandData,
  type CaseEvent,
  type UnitFlat,
} from '../../../domain/case/index.js';
import { planClocks } from '../../../domain/clocks/index.js';
import { loadHolidayTable } from '../../../lib/holidays.js';
import { FLATS, ROOMS, at, fold, given, historyUntil, run } from './support.js';

const table = loadHolidayTable();

// ------------------------------------------------------------------------------------------ roster

/** Ballot b1 (elevator, closes on day 21) open with six agreeing votes. */
const voting = run(
  ROOMS.slice(0, 6).map((room) => ({
    command: {
      type: 'CastVote',
      data: { ballotId: 'b1', room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
    } satisfies CaseCommand,
    now: at(15),
  })),
  historyUntil('voting'),
).events;

const update = (flats: readonly UnitFlat[], reason = '面积按不动产登记簿更正'): CaseCommand => ({
  type: 'UpdateRoster',
  data: { flats, reason },
});

/** 101's area corrected, 602 gone, 701 added. */
const corrected: UnitFlat[] = [
  ...FLATS.filter((flat) => flat.room !== '602').map((flat) =>
    flat.room === '101' ? { ...flat, areaCenti: 7310 } : flat,
  ),
  { room: '701', floor: 7, areaCenti: 6000, areaSource: 'survey' },
];

describe('UpdateRoster: the roster after registration', () => {
  it('records what changed and why; the open ballot keeps its frozen roster, denominators and tally', () => {
    const before = fold(voting);
    const [event] = given(voting)
      .when(update(corrected), at(16))
      .then([
        {
          type: 'RosterUpdated',
          data: {
            flats: corrected,
            reason: '面积按不动产登记簿更正',
            updatedAt: at(16).toISOString(),
            openBallotIds: ['b1'],
            changes: { added: ['701'], removed: ['602'], changed: ['101'] },
          },
        },
      ]);
    const after = fold([...voting, event as CaseEvent]);
    expect(after.flats).toEqual(corrected);
    expect(after.ballots[0]?.roster).toEqual(before.ballots[0]?.roster);
    expect(after.ballots[0]?.denominators).toEqual(before.ballots[0]?.denominators);
    expect(ballotTally(after, 'b1')).toEqual(ballotTally(before, 'b1'));
    // The frozen roster still takes 602's vote, and never 701's.
    given([...voting, event as CaseEvent])
      .when(
        {
          type: 'CastVote',
          data: { ballotId: 'b1', room: '701', choice: 'agree', channel: 'paper', reference: 'P-701' },
        },
        at(17),
      )
      .then('unknown_room', { room: '701' });
    given([...voting, event as CaseEvent])
      .when(
        {
          type: 'CastVote',
          data: { ballotId: 'b1', room: '602', choice: 'agree', channel: 'paper', reference: 'P-602' },
        },
        at(17),
      )
      .events();
  });

  it('gives a ballot opened later the new roster', () => {
    const updated = run([{ command: update(corrected), now: at(16) }], voting).events;
    const [opened] = given(updated)
      .when(
        {
          type: 'OpenBallot',
          data: { ballotId: 'm1', title: '选维保单位', matter: 'ordinary', purpose: 'maintainer' },
        },
        at(16),
      )
      .events();
    const state = fold([...updated, opened as CaseEvent]);
    const ballot = state.ballots.find((b) => b.ballotId === 'm1')!;
    expect(ballot.roster.map((flat) => flat.room)).toContain('701');
    expect(ballot.roster.map((flat) => flat.room)).not.toContain('602');
    expect(ballot.roster.find((flat) => flat.room === '101')?.areaCenti).toBe(7310);
    expect(ballot.denominators).toEqual({
      owners: 12,
      areaCenti: 7310 + 5 * 7250 + 5 * 8000 + 6000,
    });
  });

  it('changes nothing when the flats are already these, in any order', () => {
    given(voting).when(update(FLATS), at(16)).then([]);
    given(voting)
      .when(update([...FLATS].reverse()), at(16))
      .then([]);
  });

  it('checks every row as registration does, and stores nothing when one is wrong', () => {
    given(voting)
      .when(update([...FLATS, FLATS[0]!]), at(16))
      .then('duplicate_room');
    given(voting).when(update([]), at(16)).then('empty_roster');
    given(voting)
      .when(update(FLATS.map((flat) => (flat.room === '201' ? { ...flat, areaCenti: 0 } : flat))), at(16))
      .then('validation_error');
    given(voting).when(update(corrected, ' '), at(16)).then('validation_error', { field: 'reason' });
  });

  it('loses nothing: the stream keeps the flats as registered and as corrected', () => {
    const events = run([{ command: update(corrected), now: at(16) }], voting).events;
    const registered = events.find((event) => event.type === 'UnitRegistered');
    const updated = events.find((event) => event.type === 'RosterUpdated');
    expect(registered?.type === 'UnitRegistered' && registered.data.flats).toEqual(FLATS);
    expect(updated?.type === 'RosterUpdated' && updated.data.flats).toEqual(corrected);
  });
});

// ------------------------------------------------------------------------------------- close timing

describe('CloseBallot: a close right at closesAt is on time', () => {
  const close = (data: Partial<CaseCommandData['CloseBallot']> = {}): CaseCommand => ({
    type: 'CloseBallot',
    data: { ballotId: 'b1', ...data },
  });
  const lateness = (command: CaseCommand, now: Date) => {
    const [event] = given(voting).when(command, now).events();
    return event?.type === 'BallotClosed' ? event.data.late : undefined;
  };
  const closesAt = at(21);
  const plus = (ms: number) => new Date(closesAt.getTime() + ms);

  it('is on time at exactly closesAt, and late a millisecond after without a grace period', () => {
    expect(lateness(close(), closesAt)).toBe(false);
    expect(lateness(close(), plus(1))).toBe(true);
  });

  it('is on time within the grace period a hand close is given, and late past it', () => {
    expect(lateness(close({ graceMs: 60_000 }), plus(60_000))).toBe(false);
    expect(lateness(close({ graceMs: 60_000 }), plus(60_001))).toBe(true);
  });

  it("still takes the scheduler's verdict over the grace period", () => {
    expect(lateness(close({ late: true, graceMs: 60_000 }), closesAt)).toBe(true);
  });

  it('refuses a grace period that is not a whole number of milliseconds', () => {
    given(voting)
      .when(close({ graceMs: -1 }), closesAt)
      .then('validation_error', { field: 'graceMs' });
    given(voting)
      .when(close({ graceMs: 1.5 }), closesAt)
      .then('validation_error', { field: 'graceMs' });
  });
});

// -------------------------------------------------------------------------------------- objections

/** Publicity runs from day 22 to 2025-04-07 24:00 Asia/Shanghai. */
const ENDS_AT = new Date('2025-04-07T16:00:00.000Z');
const publicity = historyUntil('publicity');
const object = (objectionId = 'o1', data: Partial<CaseCommandData['FileObjection']> = {}): CaseCommand => ({
  type: 'FileObjection',
  data: {
    objectionId,
    named: true,
    written: true,
    ground: 'daylight',
    channel: 'paper',
    filedAt: at(25),
    objector: { name: '张某', room: '101' },
    ...data,
  },
});
const mediate = (data: Partial<CaseCommandData['RecordMediation']> = {}): CaseCommand => ({
  type: 'RecordMediation',
  data: {
    objectionId: 'o1',
    level: 'negotiation',
    heldOn: '2025-03-29',
    participants: ['张某', '申请人代表'],
    outcome: 'failed',
    ...data,
  },
});
const withdraw = (data: Partial<CaseCommandData['WithdrawObjection']> = {}): CaseCommand => ({
  type: 'WithdrawObjection',
  data: { objectionId: 'o1', by: 'committee', reason: '录入错了单元', ...data },
});
const withdrawStep = (step: number, objectionId = 'o1'): CaseCommand => ({
  type: 'WithdrawMediation',
  data: { objectionId, step, reason: '调解结果记错了' },
});
const endPublicity: CaseCommand = { type: 'EndPublicity', data: {} };
const submit: CaseCommand = {
  type: 'SubmitApplication',
  data: { submittedOn: '2025-04-10', materials: ['申请书'] },
};

/** Publicity with one effective objection o1 filed on day 25. */
const objected = run([{ command: object(), now: at(25) }], publicity).events;

describe('WithdrawObjection: superseded, never erased', () => {
  it('marks the objection withdrawn with who, when and why; it stays on record with its mediation', () => {
    const mediated = run([{ command: mediate(), now: at(26) }], objected).events;
    const [event] = given(mediated)
      .when(withdraw(), at(27))
      .then([
        {
          type: 'ObjectionWithdrawn',
          data: {
            objectionId: 'o1',
            by: 'committee',
            reason: '录入错了单元',
            withdrawnAt: at(27).toISOString(),
          },
        },
      ]);
    const state = fold([...mediated, event as CaseEvent]);
    expect(state.objections).toHaveLength(1);
    expect(state.objections[0]).toMatchObject({
      objectionId: 'o1',
      effective: true,
      status: 'withdrawn',
      objector: { name: '张某', room: '101' },
      mediations: [{ level: 'negotiation', outcome: 'failed' }],
      withdrawal: { by: 'committee', reason: '录入错了单元', withdrawnAt: at(27).toISOString() },
    });
    // Nothing more is mediated on it.
    given([...mediated, event as CaseEvent])
      .when(mediate({ level: 'committee' }), at(28))
      .then('objection_closed', { status: 'withdrawn' });
  });

  it('no longer holds the application back: the last open one withdrawn moves the case on', () => {
    const held = run([{ command: endPublicity, now: ENDS_AT }], objected);
    expect(held.state.stage).toBe('objections');
    given(held.events)
      .when(submit, at(37))
      .then('effective_objection_open', { objectionIds: ['o1'] });
    const withdrawn = run(
      [{ command: withdraw({ by: 'objector', reference: '撤回书-1' }), now: at(37) }],
      held.events,
    );
    expect(withdrawn.stages).toEqual(['objections', 'application']);
    expect(withdrawn.state.objections[0]?.withdrawal).toEqual({
      by: 'objector',
      reason: '录入错了单元',
      withdrawnAt: at(37).toISOString(),
      reference: '撤回书-1',
    });
    given(withdrawn.events).when(submit, at(37)).events();
  });

  it('during publicity, leaves the objection out of those publicity ends with', () => {
    const withdrawn = run([{ command: withdraw(), now: at(26) }], objected).events;
    given(withdrawn)
      .when(endPublicity, ENDS_AT)
      .then([{ type: 'PublicityEnded', data: { endedAt: ENDS_AT.toISOString(), openObjectionIds: [] } }]);
  });

  it('withdraws an ineffective objection too', () => {
    const anonymous = run([{ command: object('o2', { named: false }), now: at(26) }], objected).events;
    const state = fold([
      ...anonymous,
      ...given(anonymous)
        .when(withdraw({ objectionId: 'o2' }), at(27))
        .events(),
    ]);
    expect(state.objections[1]).toMatchObject({ effective: false, status: 'withdrawn' });
    expect(state.objections[0]?.status).toBe('open');
  });

  it('supersedes once: refused when already withdrawn, or withdrawn at a mediation session', () => {
    const withdrawn = run([{ command: withdraw(), now: at(26) }], objected).events;
    given(withdrawn).when(withdraw(), at(27)).then('objection_already_withdrawn', { objectionId: 'o1' });
    const atMediation = run([{ command: mediate({ outcome: 'withdrawn' }), now: at(26) }], objected).events;
    given(atMediation).when(withdraw(), at(27)).then('objection_already_withdrawn');
  });

  it("needs a reason, the objector's written record when it is theirs, and an objection that exists", () => {
    given(objected)
      .when(withdraw({ reason: ' ' }), at(26))
      .then('validation_error', { field: 'reason' });
    given(objected)
      .when(withdraw({ by: 'objector' }), at(26))
      .then('validation_error', { field: 'reference' });
    given(objected)
      .when(withdraw({ by: 'neighbour' as never }), at(26))
      .then('validation_error', { field: 'by' });
    given(objected)
      .when(withdraw({ objectionId: 'zz' }), at(26))
      .then('objection_not_found');
    given().when(withdraw()).then('unit_not_registered');
  });
});

describe('WithdrawMediation: a step recorded by mistake', () => {
  /** Negotiation failed (03-29), then the committee resolved it (03-31). */
  const resolved = run(
    [
      { command: mediate(), now: at(26) },
      { command: mediate({ level: 'committee', outcome: 'resolved', heldOn: '2025-03-31' }), now: at(28) },
    ],
    objected,
  ).events;

  it('marks the step withdrawn and the objection stands where the steps before it left it', () => {
    const [event] = given(resolved)
      .when(withdrawStep(2), at(29))
      .then([
        {
          type: 'MediationWithdrawn',
          data: {
            objectionId: 'o1',
            step: 2,
            reason: '调解结果记错了',
            withdrawnAt: at(29).toISOString(),
            objectionStatus: 'open',
          },
        },
      ]);
    const state = fold([...resolved, event as CaseEvent]);
    const objection = state.objections[0]!;
    expect(objection.status).toBe('open');
    expect(objection.mediations).toHaveLength(2);
    expect(objection.mediations[1]).toMatchObject({
      level: 'committee',
      outcome: 'resolved',
      withdrawal: { reason: '调解结果记错了', withdrawnAt: at(29).toISOString() },
    });
    expect(standingMediations(objection).map((session) => session.level)).toEqual(['negotiation']);
    // The ladder reads the standing steps: negotiation may be held again.
    given([...resolved, event as CaseEvent])
      .when(mediate({ heldOn: '2025-04-01' }), at(29))
      .events();
  });

  it('is corrected from the top: only the latest standing step, and only a step that exists', () => {
    given(resolved).when(withdrawStep(1), at(29)).then('mediation_not_latest', { step: 1, latest: 2 });
    given(resolved).when(withdrawStep(3), at(29)).then('mediation_step_not_found', { step: 3 });
    given(resolved).when(withdrawStep(0), at(29)).then('mediation_step_not_found', { step: 0 });
    const both = run(
      [
        { command: withdrawStep(2), now: at(29) },
        { command: withdrawStep(1), now: at(29) },
      ],
      resolved,
    );
    expect(standingMediations(both.state.objections[0]!)).toEqual([]);
    expect(both.state.objections[0]?.status).toBe('open');
    given(both.events).when(withdrawStep(2), at(30)).then('mediation_not_latest', { step: 2 });
    given(both.events).when(withdrawStep(1), at(30)).then('mediation_not_latest', { step: 1 });
  });

  it('reopens an objection it had closed after publicity: back to objections until the application is submitted', () => {
    const closed = run(
      [
        { command: endPublicity, now: ENDS_AT },
        { command: mediate({ outcome: 'resolved', heldOn: '2025-04-08' }), now: at(37) },
      ],
      objected,
    );
    expect(closed.state.stage).toBe('application');
    const reopened = run([{ command: withdrawStep(1), now: at(37) }], closed.events);
    expect(reopened.stages).toEqual(['application', 'objections']);
    given(reopened.events)
      .when(submit, at(37))
      .then('effective_objection_open', { objectionIds: ['o1'] });
    const submitted = run([{ command: submit, now: at(37) }], closed.events).events;
    given(submitted).when(withdrawStep(1), at(38)).then('application_already_submitted');
    // Withdrawing a step that leaves the objection as it was is no reopening: allowed while it is open.
    const failed = run([{ command: mediate(), now: at(26) }], objected).events;
    given(failed).when(withdrawStep(1), at(27)).events();
  });

  it('refuses to reopen once the district accepted the application', () => {
    const accepted = run(
      [
        { command: endPublicity, now: ENDS_AT },
        { command: mediate({ outcome: 'resolved', heldOn: '2025-04-08' }), now: at(37) },
        { command: submit, now: at(37) },
        {
          command: {
            type: 'AcceptApplication',
            data: { acceptedOn: '2025-04-13', departments: ['规划'], reviewDueOn: '2025-04-27' },
          },
          now: at(41),
        },
      ],
      objected,
    );
    expect(accepted.state.stage).toBe('joint_review');
    given(accepted.events)
      .when(withdrawStep(1), at(42))
      .then('wrong_stage', { stage: 'joint_review', expected: ['publicity', 'objections', 'application'] });
  });

  it("refuses the steps of a withdrawn objection, and keeps the objection's clocks on the standing steps", () => {
    const withdrawn = run([{ command: withdraw(), now: at(29) }], resolved).events;
    given(withdrawn).when(withdrawStep(2), at(30)).then('objection_already_withdrawn');
    const stepBack = run([{ command: withdrawStep(2), now: at(29) }], resolved).events;
    const clock = planClocks(fold(stepBack), table).find((c) => c.kind === 'objection.stall');
    expect(clock).toMatchObject({ key: 'objection.stall:o1:1', data: { steps: 1, expected: 'committee' } });
  });
});

describe('RecordMediation: dates', () => {
  it('refuses a step dated before the step it follows, and takes one on the same day', () => {
    const negotiated = run([{ command: mediate({ heldOn: '2025-03-30' }), now: at(27) }], objected).events;
    given(negotiated)
      .when(mediate({ level: 'committee', heldOn: '2025-03-29' }), at(28))
      .then('mediation_before_previous', {
        objectionId: 'o1',
        heldOn: '2025-03-29',
        previousHeldOn: '2025-03-30',
      });
    given(negotiated)
      .when(mediate({ level: 'committee', heldOn: '2025-03-30' }), at(28))
      .events();
  });

  it('compares with the standing steps only: a withdrawn step does not date the next', () => {
    const withdrawn = run(
      [
        { command: mediate({ heldOn: '2025-03-30' }), now: at(27) },
        { command: withdrawStep(1), now: at(27) },
      ],
      objected,
    ).events;
    given(withdrawn)
      .when(mediate({ heldOn: '2025-03-29' }), at(27))
      .events();
  });

  it('refuses a step held in the future', () => {
    given(objected)
      .when(mediate({ heldOn: '2025-03-30' }), at(26))
      .then('validation_error', { field: 'heldOn' });
  });
});
