import { describe, expect, it } from '@jest/globals';
import type { CaseCommand, CaseCommandData, CaseState } from '../../../domain/case/index.js';
import {
  DEADLINE_WINDOW_DAYS,
  STALLED_AFTER_DAYS,
  boardEntryOf,
  communityBoard,
  type BoardUnit,
} from '../../../domain/dashboard/index.js';
import { shanghaiDayOf } from '../../../domain/calendar/index.js';
import { loadHolidayTable } from '../../../lib/holidays.js';
import { JOURNEY, at, fold, historyUntil, run } from '../case/support.js';

const table = loadHolidayTable();
/** A unit named `<unitId> 单元` with the entry of `state`. */
const unit = (unitId: string, state: CaseState, lastEventAt?: Date): BoardUnit => ({
  unitId,
  name: `${unitId} 单元`,
  stage: state.stage,
  entry: boardEntryOf(state, table),
  ...(lastEventAt === undefined ? {} : { lastEventOn: shanghaiDayOf(lastEventAt) }),
});

const voting = fold(historyUntil('voting'));
const publicity = historyUntil('publicity');
const inService = fold(run(JOURNEY).events);

const object = (data: Partial<CaseCommandData['FileObjection']> = {}): CaseCommand => ({
  type: 'FileObjection',
  data: {
    objectionId: 'o1',
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

describe('boardEntryOf', () => {
  it("keeps what a unit's line needs of its state: care, open objections and every deadline planned, soonest first", () => {
    const entry = boardEntryOf(voting, table);
    expect(entry).toEqual({
      care: true,
      disputes: [],
      deadlines: [{ kind: 'ballot.close', dueAt: '2025-03-24T02:00:00.000Z', ref: 'b1' }],
    });
    // Stored as it is: JSON through and through.
    expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
  });

  it('has no deadline for a unit in service', () => {
    expect(boardEntryOf(inService, table).deadlines).toEqual([]);
  });
});

describe('units by stage', () => {
  it('counts the units at each stage of the process, in order, zeros included', () => {
    const board = communityBoard(
      [
        unit('u1', voting),
        unit('u2', voting),
        unit('u3', inService),
        unit('u4', fold(historyUntil('planning'))),
      ],
      at(18),
      table,
    );
    expect(board.units).toBe(4);
    expect(board.byStage[0]).toEqual({ stage: 'canvassing', count: 0 });
    expect(board.byStage.filter((row) => row.count > 0)).toEqual([
      { stage: 'planning', count: 1 },
      { stage: 'voting', count: 2 },
      { stage: 'in_service', count: 1 },
    ]);
    expect(board.byStage).toHaveLength(15);
  });
});

describe('stalled units', () => {
  const now = at(30); // 2025-04-02 10:00 Shanghai

  it(`lists a unit whose last event is ${STALLED_AFTER_DAYS} Shanghai calendar days old or more, most days first`, () => {
    const board = communityBoard(
      [
        unit('u13', voting, at(17)),
        unit('u14', voting, at(16)),
        unit('u20', voting, at(10)),
        unit('unknown', voting),
        unit('done', inService, at(0)),
      ],
      now,
      table,
    );
    expect(board.stalled).toEqual([
      {
        unitId: 'u20',
        name: 'u20 单元',
        stage: 'voting',
        lastEventOn: '2025-03-13',
        days: 20,
      },
      {
        unitId: 'u14',
        name: 'u14 单元',
        stage: 'voting',
        lastEventOn: '2025-03-19',
        days: 14,
      },
    ]);
  });

  it('counts days as calendar days in Asia/Shanghai, not as 24-hour spans', () => {
    // 23:59 on 19 March to 00:01 on 2 April, Shanghai: 14 days on the calendar, 13 days and 2 minutes of time.
    const board = communityBoard(
      [unit('u', voting, new Date('2025-03-19T15:59:00.000Z'))],
      new Date('2025-04-01T16:01:00.000Z'),
      table,
    );
    expect(board.stalled.map((row) => row.days)).toEqual([14]);
  });
});

describe('open disputes', () => {
  const objected = run([{ command: object(), now: at(25) }], publicity).events;

  it('lists an effective objection still open, before its first step, with the rungs it may start at', () => {
    const board = communityBoard([unit('u1', fold(objected))], at(26), table);
    expect(board.disputes).toEqual([
      {
        unitId: 'u1',
        name: 'u1 单元',
        objectionId: 'o1',
        ground: 'daylight',
        filedAt: at(25),
        steps: 0,
        next: ['negotiation', 'committee'],
        care: true,
      },
    ]);
  });

  it('names the highest rung reached by the steps still standing', () => {
    const mediated = run(
      [
        { command: mediate(), now: at(26) },
        { command: mediate({ level: 'committee', heldOn: '2025-03-31' }), now: at(28) },
      ],
      objected,
    ).events;
    const [dispute] = communityBoard([unit('u1', fold(mediated))], at(29), table).disputes;
    expect(dispute).toMatchObject({ level: 'committee', steps: 2, next: ['committee', 'subdistrict'] });

    const withdrawn = run(
      [
        {
          command: { type: 'WithdrawMediation', data: { objectionId: 'o1', step: 2, reason: '记错了' } },
          now: at(29),
        },
      ],
      mediated,
    ).events;
    const [after] = communityBoard([unit('u1', fold(withdrawn))], at(29), table).disputes;
    expect(after).toMatchObject({ level: 'negotiation', steps: 1, next: ['negotiation', 'committee'] });
  });

  it('puts the earliest filed first, across units', () => {
    const later = run([{ command: object({ filedAt: at(27) }), now: at(27) }], publicity).events;
    const board = communityBoard(
      [
        unit('u2', fold(objected)),
        { unitId: 'u1', stage: 'publicity', entry: boardEntryOf(fold(later), table) },
      ],
      at(28),
      table,
    );
    expect(board.disputes.map((d) => [d.unitId, d.filedAt])).toEqual([
      ['u2', at(25)],
      ['u1', at(27)],
    ]);
    expect(board.disputes[1]).not.toHaveProperty('name');
  });

  it('leaves out objections resolved, and those that were never effective', () => {
    const resolved = run([{ command: mediate({ outcome: 'resolved' }), now: at(26) }], objected).events;
    const anonymous = run(
      [{ command: object({ objectionId: 'o2', named: false }), now: at(25) }],
      publicity,
    ).events;
    expect(
      communityBoard([unit('u1', fold(resolved)), unit('u2', fold(anonymous))], at(27), table).disputes,
    ).toEqual([]);
  });
});

describe(`deadlines of the next ${DEADLINE_WINDOW_DAYS} days`, () => {
  it("lists a ballot's close with its ballot, and leaves out the reminders", () => {
    // Friday 21 March; ballot b1 closes on Monday 24 March at 10:00; a reminder is due on Sunday 23.
    const board = communityBoard([unit('u1', voting)], at(18), table);
    expect(board.deadlines).toEqual([
      {
        unitId: 'u1',
        name: 'u1 单元',
        kind: 'ballot.close',
        dueAt: new Date('2025-03-24T02:00:00.000Z'),
        dueOn: '2025-03-24',
        provisional: false,
        ref: 'b1',
      },
    ]);
  });

  it('gives the last day of a period that ends at 24:00, and drops what is already past or too far', () => {
    // Publicity ends on 7 April at 24:00 (16:00Z).
    const state = fold(publicity);
    const due = (now: Date) => communityBoard([unit('u1', state)], now, table).deadlines;
    expect(due(at(32))).toEqual([
      expect.objectContaining({
        kind: 'publicity.end',
        dueAt: new Date('2025-04-07T16:00:00.000Z'),
        dueOn: '2025-04-07',
      }),
    ]);
    // 31 March: the window ends at 24:00 on 7 April, which is exactly the end: not within it.
    expect(due(at(28))).toEqual([]);
    expect(due(new Date('2025-04-07T16:00:00.001Z'))).toEqual([]);
  });

  it("lists the next mediation step's working-day limit of an open objection", () => {
    const objected = fold(run([{ command: object(), now: at(25) }], publicity).events);
    const kinds = communityBoard([unit('u1', objected)], at(26), table).deadlines.map((d) => [d.kind, d.ref]);
    expect(kinds).toContainEqual(['objection.stall', 'o1']);
  });

  it("lists the day an unacknowledged alert goes one level up, with the alert's reference", () => {
    const raised = run(
      [
        {
          command: {
            type: 'RaiseAlert',
            data: { alertId: 'TX-1', kind: 'no_quorum', key: 'ballot.stall:b1' },
          },
          now: at(18),
        },
      ],
      historyUntil('voting'),
    ).events;
    const deadlines = communityBoard([unit('u1', fold(raised))], at(18), table).deadlines;
    expect(deadlines.map((d) => [d.kind, d.ref])).toContainEqual(['alert.escalate', 'TX-1']);
  });

  it("lists the joint review's end, on its last day", () => {
    const review = fold(historyUntil('joint_review'));
    expect(communityBoard([unit('u1', review)], at(50), table).deadlines).toEqual([
      expect.objectContaining({
        kind: 'joint_review.due',
        dueAt: new Date('2025-04-27T16:00:00.000Z'),
        dueOn: '2025-04-27',
      }),
    ]);
    expect(review.application?.reviewDueOn).toBe('2025-04-27');
  });

  it('marks a deadline in a year without a published holiday notice provisional', () => {
    const [deadline] = communityBoard([unit('u1', voting)], at(18), {
      ...table,
      publishedThrough: 2024,
    }).deadlines;
    expect(deadline?.provisional).toBe(true);
  });

  it('puts the soonest first across units', () => {
    const board = communityBoard([unit('u2', fold(publicity)), unit('u1', voting)], at(18), table);
    expect(board.deadlines.map((d) => [d.unitId, d.kind])).toEqual([['u1', 'ballot.close']]);
    const later = communityBoard([unit('b', voting), unit('a', voting)], at(18), table);
    expect(later.deadlines.map((d) => d.unitId)).toEqual(['a', 'b']);
  });
});
