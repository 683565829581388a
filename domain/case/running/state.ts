/**
 * What a case knows of the elevator's running costs, and each flat's running account: what its parts
 * of the bills come to, less its credits from income and its payments.
 */
import type { RunningCostKey } from '../../cost/types.js';
import { fail } from '../checks.js';
import type { RunningEventData } from './events.js';

export type RunningBillState = RunningEventData['RunningBillRecorded'];
export type RunningIncomeState = RunningEventData['RunningIncomeRecorded'];
export type RunningPaymentState = RunningEventData['RunningPaymentRecorded'];

/** The part of a case's state that its running costs keep. */
export interface RunningSlice {
  readonly running?: {
    readonly key: RunningCostKey;
    readonly agreedOn: string;
    readonly bills: readonly RunningBillState[];
    readonly incomes: readonly RunningIncomeState[];
    readonly payments: readonly RunningPaymentState[];
  };
}

/** The running costs, or `running_key_not_set`. */
export function requireRunning(state: RunningSlice): NonNullable<RunningSlice['running']> {
  if (state.running === undefined) {
    fail('running_key_not_set', 'Record the running-cost key the owners agreed first.');
  }
  return state.running;
}

/** One flat's running account: billed, credited, paid, and what it owes now (never below 0 here). */
export interface RunningAccount {
  readonly room: string;
  readonly billedFen: number;
  readonly creditedFen: number;
  readonly paidFen: number;
  /** billed − credited − paid: positive is owed, negative is paid ahead. */
  readonly balanceFen: number;
  /** The day of the oldest bill whose part is still unpaid (payments settle the oldest first). */
  readonly owedSince?: string;
}

const sumFor = (parts: readonly { readonly room: string; readonly fen: number }[], room: string) =>
  parts.filter((part) => part.room === room).reduce((sum, part) => sum + part.fen, 0);

/** Every flat's running account, in the order of `rooms`. */
export function runningAccounts(state: RunningSlice, rooms: readonly string[]): RunningAccount[] {
  const running = state.running;
  return rooms.map((room) => {
    const bills = (running?.bills ?? [])
      .map((bill) => ({ on: bill.billedOn, fen: sumFor(bill.parts, room) }))
      .filter((bill) => bill.fen > 0)
      .sort((a, b) => a.on.localeCompare(b.on));
    const billedFen = bills.reduce((sum, bill) => sum + bill.fen, 0);
    const creditedFen = (running?.incomes ?? []).reduce((sum, income) => sum + sumFor(income.parts, room), 0);
    const paidFen = (running?.payments ?? [])
      .filter((payment) => payment.room === room)
      .reduce((sum, payment) => sum + payment.amountFen, 0);
    // Credits and payments settle the oldest bills first; the first bill not fully settled dates the debt.
    let settled = creditedFen + paidFen;
    let owedSince: string | undefined;
    for (const bill of bills) {
      if (settled >= bill.fen) {
        settled -= bill.fen;
        continue;
      }
      owedSince = bill.on;
      break;
    }
    return {
      room,
      billedFen,
      creditedFen,
      paidFen,
      balanceFen: billedFen - creditedFen - paidFen,
      ...(owedSince === undefined ? {} : { owedSince }),
    };
  });
}
