/**
 * The elevator's running costs (domain.md §6), as the pure decider sees it: the running-cost key is
 * recorded only once the agreement is signed, and is refused as the split refuses it (a room not in
 * the unit, no one left to pay, a bad count); by default the ground floor
 * pays nothing, and a key with `exemptFloors: []` exempts no floor. Each bill and each income is split
 * by the key in force when it is recorded, to the fen (Σ parts = amount, exempt flats absent), and
 * keeps its parts: a later key changes only later bills. Income is credited to each flat by its part;
 * payments and credits settle the oldest bill first, so `owedSince` (the day of the oldest bill not
 * fully settled) moves as they come; a payment is never more than the flat owes now
 * (`payment_exceeds_due`), nor for a room not in the roster (`unknown_room`). Bill, income and payment
 * ids are each recorded once. A property: for any run of bills, incomes, payments and key changes, the
 * flats' balances add up to Σ bills − Σ incomes − Σ payments, every bill's and income's parts add up to
 * its amount, no flat has paid more than it was billed, and a flat has an `owedSince` exactly when it
 * owes something.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decide,
  evolve,
  initialState,
  requireRunning,
  runningAccounts,
  type CaseCommand,
  type CaseCommandData,
  type CaseEvent,
  type CaseState,
} from '../../../domain/case/index.js';
import { isDomainError } from '../../../domain/errors.js';
import type { RunningCostKey } from '../../../domain/cost/index.js';
import { fastCheckSeed } from '../../support/fast-check.js';
import { at, fold, given, historyThrough, ROOMS, run } from './support.js';

const seed = fastCheckSeed('case/running.test.ts');

/** The agreement signed on 2025-03-25 (day 22): twelve flats on six floors, 72.50 m² (x01) and 80.00 m² (x02). */
const signed = historyThrough('AgreementSigned');
const NOW = at(60);

/** By area; the ground floor exempt by default: floors 2–6 share, 7,250 and 8,000 of 76,250 parts. */
const AREA: RunningCostKey = { scheme: { kind: 'area' } };
/** By area, no floor exempt: all twelve share, 7,250 and 8,000 of 91,500 parts. */
const AREA_ALL: RunningCostKey = { scheme: { kind: 'area' }, exemptFloors: [] };

const setKey = (key: RunningCostKey = AREA, agreedOn = '2025-03-26'): CaseCommand => ({
  type: 'SetRunningCostKey',
  data: { key, agreedOn },
});
const bill = (
  billId: string,
  amountFen: number,
  billedOn = '2025-04-01',
  data: Partial<CaseCommandData['RecordRunningBill']> = {},
): CaseCommand => ({
  type: 'RecordRunningBill',
  data: {
    billId,
    kind: 'maintenance',
    amountFen,
    periodFrom: '2025-04-01',
    periodTo: '2026-03-31',
    billedOn,
    ...data,
  },
});
const income = (
  incomeId: string,
  amountFen: number,
  data: Partial<CaseCommandData['RecordRunningIncome']> = {},
): CaseCommand => ({
  type: 'RecordRunningIncome',
  data: { incomeId, source: 'advertising', amountFen, receivedOn: '2025-04-15', ...data },
});
const pay = (
  paymentId: string,
  room: string,
  amountFen: number,
  data: Partial<CaseCommandData['RecordRunningPayment']> = {},
): CaseCommand => ({
  type: 'RecordRunningPayment',
  data: { paymentId, room, amountFen, paidOn: '2025-04-20', ...data },
});

/** `commands` run, one after the other at {@link NOW}, after `from`. */
const after = (from: readonly CaseEvent[], ...commands: CaseCommand[]) =>
  run(
    commands.map((command) => ({ command, now: NOW })),
    from,
  ).events;

const keyed = after(signed, setKey());
const account = (events: readonly CaseEvent[], room: string) => runningAccounts(fold(events), [room])[0]!;
/** Each x01 flat's and each x02 flat's part, for the rooms of `floors`. */
const parts = (floors: readonly number[], x01: number, x02: number) =>
  floors.flatMap((floor) => [
    { room: `${floor}01`, fen: x01 },
    { room: `${floor}02`, fen: x02 },
  ]);

describe('the running-cost key', () => {
  it('is recorded once the agreement is signed, as agreed, and the unit has no bill yet', () => {
    const events = given(signed)
      .when(setKey(AREA, '2025-03-26'), NOW)
      .then([{ type: 'RunningCostKeySet', data: { key: AREA, agreedOn: '2025-03-26' } }]);
    expect(fold(events, fold(signed)).running).toEqual({
      key: AREA,
      agreedOn: '2025-03-26',
      bills: [],
      incomes: [],
      payments: [],
    });
    expect(runningAccounts(fold(keyed), ['201', '101'])).toEqual([
      { room: '201', billedFen: 0, creditedFen: 0, paidFen: 0, balanceFen: 0 },
      { room: '101', billedFen: 0, creditedFen: 0, paidFen: 0, balanceFen: 0 },
    ]);
  });

  it('waits for the unit and for the agreement', () => {
    given([]).when(setKey()).then('unit_not_registered');
    given(historyThrough('BallotClosed')).when(setKey()).then('agreement_not_signed');
  });

  it('is refused as the split refuses it: a room not in the unit, no one to pay, a bad count, a bad day', () => {
    given(signed)
      .when(setKey({ ...AREA, exemptRooms: ['901'] }))
      .then('unknown_room', { room: '901', field: 'exemptRooms' });
    given(signed)
      .when(setKey({ ...AREA, exemptFloors: [1, 2, 3, 4, 5, 6] }))
      .then('no_contributors');
    given(signed)
      .when(setKey({ scheme: { kind: 'fixed_per_floor', fenByFloor: { 2: -1 } } }))
      .then('validation_error', { field: 'scheme.fenByFloor.2' });
    given(signed).when(setKey(AREA, '2025-3-26')).then('validation_error', { field: 'agreedOn' });
  });

  it('a second key replaces the first and keeps what was recorded under it', () => {
    const billed = after(keyed, bill('b1', 76_250));
    const rekeyed = given(billed).when(setKey(AREA_ALL, '2025-05-01'), NOW).events();
    const running = requireRunning(fold(rekeyed, fold(billed)));
    expect(running.key).toEqual(AREA_ALL);
    expect(running.agreedOn).toBe('2025-05-01');
    expect(running.bills.map((recorded) => recorded.billId)).toEqual(['b1']);
  });
});

describe('a bill', () => {
  it('waits for the key', () => {
    given(signed).when(bill('b1', 100)).then('running_key_not_set');
    given([]).when(bill('b1', 100)).then('running_key_not_set');
    // Before a key, every flat's account is empty.
    expect(runningAccounts(fold(signed), ['201'])).toEqual([
      { room: '201', billedFen: 0, creditedFen: 0, paidFen: 0, balanceFen: 0 },
    ]);
    expect(() => requireRunning(fold(signed))).toThrow(
      expect.objectContaining({ code: 'running_key_not_set' }),
    );
  });

  it('is split among the flats by the key, the ground floor exempt by default, and keeps its parts', () => {
    const events = given(keyed)
      .when(bill('b1', 76_250, '2025-04-01', { kind: 'electricity', note: '一季度电费' }), NOW)
      .then([
        {
          type: 'RunningBillRecorded',
          data: {
            billId: 'b1',
            kind: 'electricity',
            amountFen: 76_250,
            periodFrom: '2025-04-01',
            periodTo: '2026-03-31',
            billedOn: '2025-04-01',
            note: '一季度电费',
            parts: parts([2, 3, 4, 5, 6], 7_250, 8_000),
          },
        },
      ]);
    const state = fold(events, fold(keyed));
    expect(runningAccounts(state, ['101', '102', '201', '602'])).toEqual([
      { room: '101', billedFen: 0, creditedFen: 0, paidFen: 0, balanceFen: 0 },
      { room: '102', billedFen: 0, creditedFen: 0, paidFen: 0, balanceFen: 0 },
      {
        room: '201',
        billedFen: 7_250,
        creditedFen: 0,
        paidFen: 0,
        balanceFen: 7_250,
        owedSince: '2025-04-01',
      },
      {
        room: '602',
        billedFen: 8_000,
        creditedFen: 0,
        paidFen: 0,
        balanceFen: 8_000,
        owedSince: '2025-04-01',
      },
    ]);
  });

  it('is split to the fen by the largest remainder: Σ parts = amount, whatever the amount', () => {
    // ¥100 among 76,250 parts: 950.82 and 1,049.18 fen, the five fen left over to the x01 flats.
    const [hundred] = given(keyed).when(bill('b1', 10_000), NOW).events();
    expect(hundred!.data).toMatchObject({ parts: parts([2, 3, 4, 5, 6], 951, 1_049) });
    // A single fen goes to one flat alone: an exempt flat or a flat with no fen is not listed.
    const [one] = given(keyed).when(bill('b1', 1), NOW).events();
    expect(one!.data).toMatchObject({ parts: [{ room: '202', fen: 1 }] });
    for (const amountFen of [1, 7, 9_999, 10_001, 123_457, 100_000_000]) {
      const state = fold(after(keyed, bill('b', amountFen)));
      const split = requireRunning(state).bills[0]!.parts;
      expect(split.reduce((sum, part) => sum + part.fen, 0)).toBe(amountFen);
      expect(split.some((part) => part.room === '101' || part.room === '102')).toBe(false);
    }
  });

  it('under a key exempting no floor, the ground floor pays its part too', () => {
    const [event] = given(after(signed, setKey(AREA_ALL)))
      .when(bill('b1', 91_500), NOW)
      .events();
    expect(event!.data).toMatchObject({ parts: parts([1, 2, 3, 4, 5, 6], 7_250, 8_000) });
  });

  it('keeps the parts of the key in force when it was recorded: a later key changes only later bills', () => {
    const first = after(keyed, bill('b1', 76_250, '2025-04-01'));
    const rekeyed = after(first, setKey(AREA_ALL, '2025-05-01'));
    const second = after(rekeyed, bill('b2', 91_500, '2025-05-02'));
    const bills = requireRunning(fold(second)).bills;
    expect(bills.map((recorded) => recorded.parts)).toEqual([
      parts([2, 3, 4, 5, 6], 7_250, 8_000),
      parts([1, 2, 3, 4, 5, 6], 7_250, 8_000),
    ]);
    expect(account(second, '101')).toEqual({
      room: '101',
      billedFen: 7_250,
      creditedFen: 0,
      paidFen: 0,
      balanceFen: 7_250,
      owedSince: '2025-05-02',
    });
    expect(account(second, '201')).toMatchObject({ billedFen: 14_500, owedSince: '2025-04-01' });
  });

  it('refuses an id twice or empty, a kind it does not know, a bad day, a period ending before it starts, and an amount that is not whole fen from 1 to ¥1,000,000', () => {
    const billed = after(keyed, bill('b1', 100));
    given(billed).when(bill('b1', 200)).then('validation_error', { field: 'billId' });
    given(keyed).when(bill(' ', 200)).then('validation_error', { field: 'billId' });
    given(keyed)
      .when(bill('b2', 100, '2025-04-01', { kind: 'cleaning' as 'other' }))
      .then('validation_error', { field: 'kind' });
    given(keyed)
      .when(bill('b2', 100, '2025-04-01', { periodFrom: '2025/04/01' }))
      .then('validation_error', { field: 'periodFrom' });
    given(keyed)
      .when(bill('b2', 100, '2025-04-01', { periodTo: '2026-3-31' }))
      .then('validation_error', { field: 'periodTo' });
    given(keyed)
      .when(bill('b2', 100, '2025-04-01', { periodFrom: '2025-04-02', periodTo: '2025-04-01' }))
      .then('validation_error', { field: 'periodTo' });
    for (const amountFen of [0, -1, 1.5, Number.NaN, 100_000_001]) {
      given(keyed).when(bill('b2', amountFen)).then('validation_error', { field: 'amountFen' });
    }
    given(keyed)
      .when(bill('b2', 100, '1 April'))
      .then('validation_error', { field: 'billedOn' });
    given(keyed)
      .when(bill('b2', 100, '2025-04-01', { note: '  ' }))
      .then('validation_error', { field: 'note' });
    // A one-day period is a period.
    given(keyed)
      .when(bill('b2', 100, '2025-04-01', { periodFrom: '2025-04-01', periodTo: '2025-04-01' }))
      .events();
  });
});

describe('income', () => {
  it('waits for the key, and refuses an id twice, a source it does not know, a bad amount or day', () => {
    given(signed).when(income('i1', 100)).then('running_key_not_set');
    const credited = after(keyed, income('i1', 100));
    given(credited).when(income('i1', 100)).then('validation_error', { field: 'incomeId' });
    given(keyed).when(income('', 100)).then('validation_error', { field: 'incomeId' });
    given(keyed)
      .when(income('i2', 100, { source: 'parking' as 'other' }))
      .then('validation_error', { field: 'source' });
    for (const amountFen of [0, 2.5, 100_000_001]) {
      given(keyed).when(income('i2', amountFen)).then('validation_error', { field: 'amountFen' });
    }
    given(keyed)
      .when(income('i2', 100, { receivedOn: '2025-04' }))
      .then('validation_error', { field: 'receivedOn' });
  });

  it('is credited to each flat by the key in force, and lowers what it owes', () => {
    const billed = after(keyed, bill('b1', 152_500));
    const events = given(billed)
      .when(income('i1', 76_250, { source: 'other' }), NOW)
      .then([
        {
          type: 'RunningIncomeRecorded',
          data: {
            incomeId: 'i1',
            source: 'other',
            amountFen: 76_250,
            receivedOn: '2025-04-15',
            parts: parts([2, 3, 4, 5, 6], 7_250, 8_000),
          },
        },
      ]);
    const state = fold(events, fold(billed));
    expect(runningAccounts(state, ['201', '101'])).toEqual([
      {
        room: '201',
        billedFen: 14_500,
        creditedFen: 7_250,
        paidFen: 0,
        balanceFen: 7_250,
        owedSince: '2025-04-01',
      },
      { room: '101', billedFen: 0, creditedFen: 0, paidFen: 0, balanceFen: 0 },
    ]);
  });

  it('beyond the bills leaves a flat paid ahead, owing nothing, with nothing it may pay', () => {
    const ahead = after(keyed, bill('b1', 76_250), income('i1', 152_500));
    expect(account(ahead, '302')).toEqual({
      room: '302',
      billedFen: 8_000,
      creditedFen: 16_000,
      paidFen: 0,
      balanceFen: -8_000,
    });
    given(ahead)
      .when(pay('p1', '302', 1))
      .then('payment_exceeds_due', { room: '302', dueFen: 0 });
  });
});

describe('a payment', () => {
  /** 201 billed 7,250 on 1 April and 14,500 on 1 May; 1 June's bill billed before both. */
  const billed = after(keyed, bill('may', 152_500, '2025-05-01'), bill('april', 76_250, '2025-04-01'));

  it('waits for the key', () => {
    given(signed)
      .when(pay('p1', '201', 100))
      .then('running_key_not_set');
  });

  it('is recorded, and settles the oldest bill first: owedSince moves once that bill is settled', () => {
    expect(account(billed, '201')).toMatchObject({ balanceFen: 21_750, owedSince: '2025-04-01' });
    const events = given(billed)
      .when(pay('p1', '201', 7_249), NOW)
      .then([
        {
          type: 'RunningPaymentRecorded',
          data: { paymentId: 'p1', room: '201', amountFen: 7_249, paidOn: '2025-04-20' },
        },
      ]);
    const partly = [...billed, ...events];
    // One fen of April's part still owed: the debt still dates from April.
    expect(account(partly, '201')).toEqual({
      room: '201',
      billedFen: 21_750,
      creditedFen: 0,
      paidFen: 7_249,
      balanceFen: 14_501,
      owedSince: '2025-04-01',
    });
    const april = after(partly, pay('p2', '201', 1));
    expect(account(april, '201')).toMatchObject({
      paidFen: 7_250,
      balanceFen: 14_500,
      owedSince: '2025-05-01',
    });
    const settled = after(april, pay('p3', '201', 14_500));
    expect(account(settled, '201')).toEqual({
      room: '201',
      billedFen: 21_750,
      creditedFen: 0,
      paidFen: 21_750,
      balanceFen: 0,
    });
    // Another flat's account is its own.
    expect(account(settled, '202')).toMatchObject({
      paidFen: 0,
      balanceFen: 24_000,
      owedSince: '2025-04-01',
    });
  });

  it('credits settle the oldest bill first too', () => {
    const credited = after(billed, income('i1', 76_250));
    expect(account(credited, '201')).toMatchObject({
      creditedFen: 7_250,
      balanceFen: 14_500,
      owedSince: '2025-05-01',
    });
  });

  it('is never more than the flat owes now, naming what it owes and has paid', () => {
    given(billed)
      .when(pay('p1', '201', 21_751))
      .then('payment_exceeds_due', {
        room: '201',
        dueFen: 21_750,
        paidFen: 0,
      });
    const some = after(billed, pay('p1', '201', 20_000));
    given(some)
      .when(pay('p2', '201', 1_751))
      .then('payment_exceeds_due', {
        room: '201',
        dueFen: 1_750,
        paidFen: 20_000,
      });
    given(some)
      .when(pay('p2', '201', 1_750))
      .events();
    // An exempt flat owes nothing, so it may pay nothing.
    given(billed)
      .when(pay('p1', '101', 1))
      .then('payment_exceeds_due', { room: '101', dueFen: 0, paidFen: 0 });
  });

  it('refuses a room not in the roster, an id twice or empty, a bad amount or day', () => {
    given(billed)
      .when(pay('p1', '901', 100))
      .then('unknown_room', { room: '901' });
    const once = after(billed, pay('p1', '201', 100));
    given(once)
      .when(pay('p1', '202', 100))
      .then('validation_error', { field: 'paymentId' });
    given(billed)
      .when(pay(' ', '201', 100))
      .then('validation_error', { field: 'paymentId' });
    for (const amountFen of [0, -100, 0.5, Number.POSITIVE_INFINITY, 100_000_001]) {
      given(billed)
        .when(pay('p2', '201', amountFen))
        .then('validation_error', { field: 'amountFen' });
    }
    given(billed)
      .when(pay('p2', '201', 100, { paidOn: '20250420' }))
      .then('validation_error', { field: 'paidOn' });
  });
});

describe('folding', () => {
  it('ignores a bill, an income or a payment on a case with no key (as no decider would give)', () => {
    const state = fold(signed);
    const stray: CaseEvent[] = [
      {
        type: 'RunningBillRecorded',
        data: {
          billId: 'b',
          kind: 'other',
          amountFen: 1,
          periodFrom: '2025-04-01',
          periodTo: '2025-04-01',
          billedOn: '2025-04-01',
          parts: [{ room: '201', fen: 1 }],
        },
      },
      {
        type: 'RunningIncomeRecorded',
        data: { incomeId: 'i', source: 'advertising', amountFen: 1, receivedOn: '2025-04-01', parts: [] },
      },
      {
        type: 'RunningPaymentRecorded',
        data: { paymentId: 'p', room: '201', amountFen: 1, paidOn: '2025-04-01' },
      },
    ];
    expect(stray.reduce(evolve, state)).toBe(state);
    expect(stray.reduce(evolve, initialState).running).toBeUndefined();
  });
});

/** One step of a random run: a bill, an income, a payment, or a new key. */
const stepArbitrary = fc.oneof(
  fc.record({
    type: fc.constant('bill' as const),
    amountFen: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5_000_000 })),
    day: fc.integer({ min: 0, max: 120 }),
  }),
  fc.record({
    type: fc.constant('income' as const),
    amountFen: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1_000_000 })),
  }),
  fc.record({
    type: fc.constant('payment' as const),
    room: fc.constantFrom(...ROOMS),
    // A share of what the flat owes, in thousandths (above 1,000 is more than it owes: refused).
    permille: fc.integer({ min: 1, max: 1_100 }),
  }),
  fc.record({
    type: fc.constant('key' as const),
    key: fc.constantFrom<RunningCostKey>(
      AREA,
      AREA_ALL,
      { scheme: { kind: 'fixed_per_floor', fenByFloor: { 1: 1, 2: 2, 3: 3, 4: 5, 5: 8, 6: 13 } } },
      { scheme: { kind: 'area' }, exemptFloors: [1, 2], exemptRooms: ['602'] },
    ),
  }),
);

describe('any run of bills, incomes, payments and keys (property)', () => {
  it('balances add up to Σ bills − Σ incomes − Σ payments, every split to its amount, no flat paid beyond its bills, owedSince exactly when owing', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), (steps) => {
        let state: CaseState = fold(keyed);
        steps.forEach((step, index) => {
          let command: CaseCommand;
          switch (step.type) {
            case 'bill': {
              const billedOn = new Date(Date.UTC(2025, 3, 1 + step.day)).toISOString().slice(0, 10);
              command = bill(`b${index}`, step.amountFen, billedOn);
              break;
            }
            case 'income':
              command = income(`i${index}`, step.amountFen);
              break;
            case 'payment': {
              const owed = runningAccounts(state, [step.room])[0]!.balanceFen;
              const amountFen = Math.max(1, Math.ceil((Math.max(owed, 0) * step.permille) / 1_000));
              command = pay(`p${index}`, step.room, amountFen);
              break;
            }
            case 'key':
              command = setKey(step.key);
          }
          try {
            for (const event of decide(command, state, { now: NOW })) state = evolve(state, event);
          } catch (error) {
            if (!isDomainError(error)) throw error;
            // Only a payment beyond what is owed is ever refused here.
            expect(error.code).toBe('payment_exceeds_due');
          }
        });
        const running = requireRunning(state);
        const sum = (values: readonly { amountFen: number }[]) =>
          values.reduce((total, value) => total + value.amountFen, 0);
        const accounts = runningAccounts(state, ROOMS);
        expect(accounts.reduce((total, flat) => total + flat.balanceFen, 0)).toBe(
          sum(running.bills) - sum(running.incomes) - sum(running.payments),
        );
        for (const recorded of [...running.bills, ...running.incomes]) {
          expect(recorded.parts.reduce((total, part) => total + part.fen, 0)).toBe(recorded.amountFen);
          expect(recorded.parts.every((part) => part.fen > 0)).toBe(true);
        }
        for (const flat of accounts) {
          expect(flat.paidFen).toBeLessThanOrEqual(flat.billedFen);
          expect(flat.owedSince !== undefined).toBe(flat.balanceFen > 0);
        }
        const ids = [
          ...running.bills.map((recorded) => recorded.billId),
          ...running.incomes.map((recorded) => recorded.incomeId),
          ...running.payments.map((recorded) => recorded.paymentId),
        ];
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { seed, numRuns: 200 },
    );
  });
});
