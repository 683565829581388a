import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decide, evolve, initialState, type CaseState } from '../../../domain/case/index.js';
import { stageChanges, stageHistoryAgrees, type TimedEvent } from '../../../domain/dashboard/index.js';
import { fastCheckSeed } from '../../support/fast-check.js';
import { JOURNEY, at, type Step } from '../case/support.js';

const seed = fastCheckSeed('dashboard/history.test.ts');

/** Runs steps as the stream would store them: each event with its seq and the time it was decided. */
function stream(steps: readonly Step[], from: CaseState = initialState, firstSeq = 1): TimedEvent[] {
  let state = from;
  const events: TimedEvent[] = [];
  for (const { command, now } of steps) {
    for (const event of decide(command, state, { now })) {
      state = evolve(state, event);
      events.push({ seq: firstSeq + events.length, type: event.type, data: event.data, at: now });
    }
  }
  return events;
}

const journey = stream(JOURNEY);

describe('stageChanges', () => {
  it('dates every move of the uncontested journey by the event that made it', () => {
    const changes = stageChanges(initialState, journey);
    expect(changes.map((change) => [change.from, change.to, change.at])).toEqual([
      ['new', 'canvassing', at(0)],
      ['canvassing', 'planning', at(7)],
      ['planning', 'voting', at(14)],
      ['voting', 'agreement', at(21)],
      ['agreement', 'publicity', at(22)],
      ['publicity', 'application', at(36)],
      ['application', 'joint_review', at(41)],
      ['joint_review', 'approved', at(45)],
      ['approved', 'works', at(52)],
      ['works', 'inspection', at(140)],
      ['inspection', 'acceptance', at(150)],
      ['acceptance', 'handover', at(152)],
      ['handover', 'registration', at(155)],
      ['registration', 'in_service', at(170)],
    ]);
    // Each change names its event: the registration is the first; the votes moved nothing.
    expect(changes[0]!.seq).toBe(1);
    for (const change of changes) expect(journey[change.seq - 1]!.at).toEqual(change.at);
  });

  it('finds no change in events that move no stage, such as votes', () => {
    const votes = journey.filter((event) => event.type === 'VoteCast');
    const before = journey
      .slice(0, votes[0]!.seq - 1)
      .reduce((state, event) => evolve(state, event as never), initialState);
    expect(stageChanges(before, votes)).toEqual([]);
  });

  it('notes the way back when a ballot is cancelled', () => {
    const opened = JOURNEY.slice(0, 3);
    const cancelled = stream([
      ...opened,
      { command: { type: 'CancelBallot', data: { ballotId: 'b1', reason: '方案要改' } }, now: at(16) },
    ]);
    expect(stageChanges(initialState, cancelled).map((change) => change.to)).toEqual([
      'canvassing',
      'planning',
      'voting',
      'planning',
    ]);
  });

  it('gives the same history folded in two parts as in one, wherever it is cut', () => {
    const whole = stageChanges(initialState, journey);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: journey.length }), (cut) => {
        const head = journey.slice(0, cut);
        const before = head.reduce((state, event) => evolve(state, event as never), initialState);
        expect([...stageChanges(initialState, head), ...stageChanges(before, journey.slice(cut))]).toEqual(
          whole,
        );
      }),
      { seed, numRuns: 60 },
    );
  });
});

describe('stageHistoryAgrees', () => {
  const whole = stageChanges(initialState, journey);
  const last = journey.at(-1)!;
  const line = { seq: last.seq, stage: 'in_service' } as const;

  it('takes a whole history that ends where the projection stands', () => {
    expect(stageHistoryAgrees(whole, line)).toBe(true);
  });

  it('takes changes newer than a projection written behind', () => {
    const publicityAt = whole.find((change) => change.to === 'publicity')!.seq;
    expect(stageHistoryAgrees(whole, { seq: publicityAt, stage: 'publicity' })).toBe(true);
    expect(stageHistoryAgrees(whole, { seq: publicityAt, stage: 'agreement' })).toBe(false);
  });

  it('refuses a history with any change lost, none at all, or one out of order', () => {
    for (let lost = 0; lost < whole.length; lost++) {
      expect(stageHistoryAgrees([...whole.slice(0, lost), ...whole.slice(lost + 1)], line)).toBe(false);
    }
    expect(stageHistoryAgrees([], line)).toBe(false);
    const [first, second] = whole;
    expect(
      stageHistoryAgrees([first!, { ...second!, seq: first!.seq }], { seq: 99, stage: 'planning' }),
    ).toBe(false);
  });
});
