/** Folding the running costs' events. */
import type { CaseState, Evolvers } from '../state.js';
import type { RunningEventData } from './events.js';
import type { RunningSlice } from './state.js';

type Running = NonNullable<RunningSlice['running']>;

function withRunning(state: CaseState, update: (running: Running) => Running): CaseState {
  return state.running === undefined ? state : { ...state, running: update(state.running) };
}

/** The running-cost event folders. */
export const runningEvolvers: Evolvers<RunningEventData> = {
  RunningCostKeySet: (state, data) => ({
    ...state,
    running: {
      key: data.key,
      agreedOn: data.agreedOn,
      bills: state.running?.bills ?? [],
      incomes: state.running?.incomes ?? [],
      payments: state.running?.payments ?? [],
    },
  }),
  RunningBillRecorded: (state, data) =>
    withRunning(state, (running) => ({ ...running, bills: [...running.bills, data] })),
  RunningIncomeRecorded: (state, data) =>
    withRunning(state, (running) => ({ ...running, incomes: [...running.incomes, data] })),
  RunningPaymentRecorded: (state, data) =>
    withRunning(state, (running) => ({ ...running, payments: [...running.payments, data] })),
};
