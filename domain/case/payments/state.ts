/**
 * What a case knows of the money after the vote (domain.md §6): the shares of the agreed plan (the
 * plan in force when the agreement was signed: no plan is published after it) and each flat's
 * payments; and how to read one flat's account from them.
 */
import type { CostShare } from '../../cost/types.js';
import { fail } from '../checks.js';
import type { PlanSlice } from '../plans/state.js';
import type { PublicitySlice } from '../publicity/state.js';
import type { UnitSlice } from '../unit/state.js';
import { claimOf, type ClaimSlice, type ClaimState } from '../claims/state.js';
import type { WorksSlice } from '../works/state.js';
import { runningAccounts, type RunningAccount, type RunningSlice } from '../running/state.js';

/** One payment from a flat as recorded; `cancelled` once it was recorded in error. */
export interface PaymentState {
  readonly paymentId: string;
  readonly room: string;
  readonly amountFen: number;
  readonly paidOn: string;
  readonly reference?: string;
  readonly cancelled?: { readonly reason: string; readonly at: string };
}

/** The part of a case's state that its payments keep. */
export interface PaymentSlice {
  /** Every payment recorded, in the order recorded (cancelled ones included). */
  readonly payments: readonly PaymentState[];
}

/**
 * One flat's account against the agreed plan: its share (`payFen`), the compensation it receives
 * (`receiveFen`), what it owes in all (`netFen`, never below 0 here), what it has paid (payments not
 * cancelled) and what is still due; the plan's subsidy, deducted before sharing, for the whole unit.
 */
export interface HouseholdAccount {
  readonly room: string;
  readonly share: CostShare;
  readonly subsidyFen: number;
  readonly totalCostFen: number;
  readonly oweFen: number;
  readonly paidFen: number;
  readonly dueFen: number;
  readonly payments: readonly PaymentState[];
}

type MoneyState = PlanSlice & PublicitySlice & PaymentSlice;

/**
 * What one of a household's flats owes, as its household is told: its account once the agreement is
 * signed (with a cost plan that shares the flat); before that the share the plan now published
 * proposes (`proposedFen`, absent without one), which the agreement may still change.
 */
export type FlatCosts =
  | {
      readonly kind: 'agreed';
      readonly unitId: string;
      readonly unitName: string;
      readonly account: HouseholdAccount;
      /** The project's subsidy claim, once applied for. */
      readonly subsidyClaim?: ClaimState;
      /**
       * The household's provident-fund withdrawal: open once the elevator passed completion acceptance
       * (HZ-2021 item 18), and its claim once applied for.
       */
      readonly providentFund: { readonly open: boolean; readonly claim?: ClaimState };
      /** The flat's running-cost account, once the running-cost key is recorded. */
      readonly running?: RunningAccount;
    }
  | {
      readonly kind: 'not_agreed';
      readonly unitId: string;
      readonly unitName: string;
      readonly room: string;
      readonly proposedFen?: number;
      /** The flat's running-cost account, once the running-cost key is recorded. */
      readonly running?: RunningAccount;
    };

/**
 * The shares of the agreed plan: `agreement_not_signed` before the agreement, `no_agreed_cost` when
 * the plan agreed carried no cost plan.
 */
export function agreedShares(state: MoneyState): {
  readonly shares: readonly CostShare[];
  readonly subsidyFen: number;
  readonly totalCostFen: number;
} {
  if (state.publicity === undefined) fail('agreement_not_signed', 'The agreement has not been signed yet.');
  const plan = state.plan;
  if (plan?.cost === undefined || plan.shares === undefined) {
    fail('no_agreed_cost', 'The agreed plan has no cost plan to share.', { planVersion: plan?.version ?? 0 });
  }
  return { shares: plan.shares, subsidyFen: plan.cost.subsidyFen, totalCostFen: plan.cost.totalCostFen };
}

/** Flat `room`'s account against the agreed plan (refusals as {@link agreedShares}, and `unknown_room`). */
export function householdAccount(state: MoneyState, room: string): HouseholdAccount {
  const agreed = agreedShares(state);
  const share = agreed.shares.find((candidate) => candidate.room === room);
  if (share === undefined) fail('unknown_room', `Room ${room} has no share in the agreed plan.`, { room });
  const payments = state.payments.filter((payment) => payment.room === room);
  const paidFen = payments
    .filter((payment) => payment.cancelled === undefined)
    .reduce((sum, payment) => sum + payment.amountFen, 0);
  const oweFen = Math.max(share.netFen, 0);
  return {
    room,
    share,
    subsidyFen: agreed.subsidyFen,
    totalCostFen: agreed.totalCostFen,
    oweFen,
    paidFen,
    dueFen: Math.max(oweFen - paidFen, 0),
    payments,
  };
}

/** The payment with this id, or `payment_not_found`. */
export function requirePayment(state: PaymentSlice, paymentId: string): PaymentState {
  const payment = state.payments.find((candidate) => candidate.paymentId === paymentId);
  if (payment === undefined)
    fail('payment_not_found', `No payment ${paymentId} in this case.`, { paymentId });
  return payment;
}

/** What flat `flat.room` of this case owes ({@link FlatCosts}). */
export function flatCosts(
  state: MoneyState & UnitSlice & ClaimSlice & WorksSlice & RunningSlice,
  flat: { readonly unitId: string; readonly room: string },
): FlatCosts {
  const unitName = state.unit?.name ?? '本单元';
  const share = state.plan?.shares?.find((candidate) => candidate.room === flat.room);
  if (state.publicity !== undefined && state.plan?.cost !== undefined && share !== undefined) {
    const subsidyClaim = claimOf(state, 'subsidy');
    const fundClaim = claimOf(state, 'provident_fund', flat.room);
    return {
      kind: 'agreed',
      unitId: flat.unitId,
      unitName,
      account: householdAccount(state, flat.room),
      ...(subsidyClaim === undefined ? {} : { subsidyClaim }),
      providentFund: {
        open: state.works.completionAcceptedOn !== undefined,
        ...(fundClaim === undefined ? {} : { claim: fundClaim }),
      },
      ...(state.running === undefined ? {} : { running: runningAccounts(state, [flat.room])[0]! }),
    };
  }
  return {
    kind: 'not_agreed',
    unitId: flat.unitId,
    unitName,
    room: flat.room,
    ...(share === undefined ? {} : { proposedFen: Math.max(share.netFen, 0) }),
    ...(state.running === undefined ? {} : { running: runningAccounts(state, [flat.room])[0]! }),
  };
}
