import { describe, expect, it } from '@jest/globals';
import {
  agreedShares,
  flatCosts,
  householdAccount,
  type CaseCommand,
  type CaseEvent,
} from '../../../domain/case/index.js';
import { at, fold, given, historyThrough, run } from './support.js';

/** ¥600,000 less a ¥200,000 subsidy: ¥400,000 shared by floors 3–6 as agreed per room; 101–202 pay nothing. */
const FEN_BY_ROOM = {
  '301': 4_000_000,
  '302': 4_000_000,
  '401': 5_000_000,
  '402': 5_000_000,
  '501': 5_500_000,
  '502': 5_500_000,
  '601': 5_500_000,
  '602': 5_500_000,
};

/** The journey to a signed agreement, its first plan published with that cost plan. */
function signedWithCost(): CaseEvent[] {
  const journey = historyThrough('AgreementSigned');
  const published = journey.findIndex((event) => event.type === 'PlanPublished');
  const publish: CaseCommand = {
    type: 'PublishPlan',
    data: {
      planVersion: 1,
      title: '方案一',
      cost: {
        totalCostFen: 60_000_000,
        subsidyFen: 20_000_000,
        scheme: { kind: 'explicit', fenByRoom: FEN_BY_ROOM },
      },
    },
  };
  const withCost = run([{ command: publish, now: at(7) }], journey.slice(0, published)).events;
  return [...withCost, ...journey.slice(published + 1)];
}

const signed = signedWithCost();
const pay = (room: string, amountFen: number, paymentId = `pay-${room}-${amountFen}`): CaseCommand => ({
  type: 'RecordPayment',
  data: { paymentId, room, amountFen, paidOn: '2025-04-01', reference: 'SJ-1' },
});
const cancel = (paymentId: string, reason = '录错了'): CaseCommand => ({
  type: 'CancelPayment',
  data: { paymentId, reason },
});

describe('recording a payment', () => {
  it('waits for the agreement, and needs an agreed plan with a cost', () => {
    given(historyThrough('PlanPublished')).when(pay('301', 100)).then('agreement_not_signed');
    given(historyThrough('AgreementSigned')).when(pay('301', 100)).then('no_agreed_cost', { planVersion: 1 });
    expect(() => agreedShares(fold([]))).toThrow(expect.objectContaining({ code: 'agreement_not_signed' }));
  });

  it('records a payment from a flat with a share, and its account shows what is paid and due', () => {
    const events = given(signed)
      .when(pay('301', 1_000_000, 'p1'), at(40))
      .then([
        {
          type: 'PaymentRecorded',
          data: {
            paymentId: 'p1',
            room: '301',
            amountFen: 1_000_000,
            paidOn: '2025-04-01',
            reference: 'SJ-1',
          },
        },
      ]);
    const account = householdAccount(fold(events, fold(signed)), '301');
    expect(account).toMatchObject({
      room: '301',
      subsidyFen: 20_000_000,
      totalCostFen: 60_000_000,
      oweFen: 4_000_000,
      paidFen: 1_000_000,
      dueFen: 3_000_000,
    });
    expect(account.share.payFen).toBe(4_000_000);
  });

  it('refuses more than the flat still owes, naming what it owes', () => {
    const paid = run([{ command: pay('401', 4_000_000), now: at(40) }], signed).events;
    given(paid).when(pay('401', 1_000_001)).then('payment_exceeds_due', {
      room: '401',
      dueFen: 1_000_000,
      paidFen: 4_000_000,
    });
    given(paid)
      .when(pay('401', 1_000_000, 'rest'))
      .events();
    // A flat that pays nothing under the agreement owes nothing.
    given(signed).when(pay('101', 1)).then('payment_exceeds_due', { room: '101', dueFen: 0 });
  });

  it('refuses a room the plan does not share, an amount that is not whole fen from 1, a day, and an id twice', () => {
    given(signed).when(pay('901', 100)).then('unknown_room', { room: '901' });
    for (const amountFen of [0, -5, 1.5, Number.NaN, 1_000_000_001]) {
      given(signed).when(pay('301', amountFen)).then('validation_error', { field: 'amountFen' });
    }
    given(signed)
      .when({
        type: 'RecordPayment',
        data: { paymentId: 'x', room: '301', amountFen: 1, paidOn: '2025-4-1' },
      })
      .then('validation_error', { field: 'paidOn' });
    const once = run([{ command: pay('301', 100, 'same'), now: at(40) }], signed).events;
    given(once)
      .when(pay('302', 100, 'same'))
      .then('validation_error', { field: 'paymentId' });
    given([]).when(pay('301', 1)).then('unit_not_registered');
  });
});

describe('cancelling a payment', () => {
  const paid = run([{ command: pay('501', 2_000_000, 'p5'), now: at(40) }], signed).events;

  it('keeps the payment in the record, marked cancelled with its reason, and it no longer counts', () => {
    const events = given(paid)
      .when(cancel('p5'), at(41))
      .then([
        {
          type: 'PaymentCancelled',
          data: { paymentId: 'p5', reason: '录错了', cancelledAt: at(41).toISOString() },
        },
      ]);
    const state = fold(events, fold(paid));
    expect(state.payments).toEqual([
      {
        paymentId: 'p5',
        room: '501',
        amountFen: 2_000_000,
        paidOn: '2025-04-01',
        reference: 'SJ-1',
        cancelled: { reason: '录错了', at: at(41).toISOString() },
      },
    ]);
    expect(householdAccount(state, '501')).toMatchObject({ paidFen: 0, dueFen: 5_500_000 });
  });

  it('refuses an unknown payment, one already cancelled, and no reason', () => {
    given(paid).when(cancel('nope')).then('payment_not_found', { paymentId: 'nope' });
    const cancelled = run([{ command: cancel('p5'), now: at(41) }], paid).events;
    given(cancelled).when(cancel('p5')).then('payment_not_found', { paymentId: 'p5' });
    given(paid).when(cancel('p5', ' ')).then('validation_error', { field: 'reason' });
  });
});

describe('what a flat owes, as its household is told', () => {
  const flat = (room: string) => ({ unitId: 'u_1', room });

  it('is its account once the agreement is signed with a cost plan', () => {
    expect(flatCosts(fold(signed), flat('601'))).toMatchObject({
      kind: 'agreed',
      unitId: 'u_1',
      account: { room: '601', oweFen: 5_500_000, dueFen: 5_500_000 },
    });
  });

  it('is the plan’s proposal before the agreement, none without a cost plan or a share for the room', () => {
    const proposed = signed.slice(
      0,
      signed.findIndex((event) => event.type === 'AgreementSigned'),
    );
    expect(flatCosts(fold(proposed), flat('301'))).toMatchObject({
      kind: 'not_agreed',
      room: '301',
      proposedFen: 4_000_000,
    });
    expect(flatCosts(fold(historyThrough('AgreementSigned')), flat('301'))).not.toHaveProperty('proposedFen');
    expect(flatCosts(fold(signed), flat('901'))).toMatchObject({ kind: 'not_agreed', room: '901' });
    expect(flatCosts(fold([]), flat('101'))).toMatchObject({ kind: 'not_agreed', unitName: '本单元' });
  });
});
