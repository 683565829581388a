/**
 * Money after the vote (domain.md §6): each household's share of the agreed plan, what it has paid
 * and what it still owes. The committee or the applicant representative records each payment as it is
 * received (never told to the group: what a flat paid is that household's business), and cancels one
 * recorded in error with its reason; a household asks for its own account (`我的费用` in chat, or the
 * mini-program) and sees only its own flats.
 */
import { randomBytes } from 'node:crypto';
import {
  agreedShares,
  findHousehold,
  flatCosts,
  householdAccount,
  type FlatCosts,
  type HouseholdAccount,
  type ResidentFlat,
} from '../domain/case/index.js';
import { readContact } from '../models/contact.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { dayOr, runLifecycleStep } from './lifecycle-step.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { readUnit } from './read-case.js';

/** A payment's id: `pay_` and 12 random hex digits (unique within its unit, checked by the case). */
function newPaymentId(): string {
  return `pay_${randomBytes(6).toString('hex')}`;
}

/** A payment recorded or cancelled: the flat's account after it, and the event's seq. */
export interface PaymentStepResult {
  readonly unitId: string;
  readonly account: HouseholdAccount;
  readonly paymentId: string;
  readonly seq: number;
}

/**
 * Records a payment of `amountFen` from flat `room`, received on `paidOn` (today when left out; not
 * after today). Refusals: `agreement_not_signed`, `no_agreed_cost`, `unknown_room`,
 * `payment_exceeds_due`, `validation_error`, `unit_not_registered`.
 */
export async function recordPayment(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly room: string;
    readonly amountFen: number;
    readonly paidOn?: string;
    readonly reference?: string;
  },
  meta: CommandMeta,
): Promise<PaymentStepResult> {
  const paymentId = newPaymentId();
  const data = {
    paymentId,
    room: input.room,
    amountFen: input.amountFen,
    paidOn: dayOr(input.paidOn, 'paidOn', meta.now),
    ...(input.reference === undefined ? {} : { reference: input.reference }),
  };
  const done = await runLifecycleStep(ctx, input.unitId, { type: 'RecordPayment', data }, meta, () => null);
  return {
    unitId: input.unitId,
    account: householdAccount(done.state, input.room),
    paymentId,
    seq: done.event.seq,
  };
}

/** Cancels a payment recorded in error, with its reason. Refusals: `payment_not_found`, `validation_error`. */
export async function cancelPayment(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly paymentId: string; readonly reason: string },
  meta: CommandMeta,
): Promise<PaymentStepResult> {
  const done = await runLifecycleStep(
    ctx,
    input.unitId,
    { type: 'CancelPayment', data: { paymentId: input.paymentId, reason: input.reason } },
    meta,
    () => null,
  );
  const room = done.state.payments.find((payment) => payment.paymentId === input.paymentId)!.room;
  return {
    unitId: input.unitId,
    account: householdAccount(done.state, room),
    paymentId: input.paymentId,
    seq: done.event.seq,
  };
}

/** The unit's money: the agreed plan's totals and every flat's account, in the plan's order. */
export interface UnitAccounts {
  readonly unitId: string;
  readonly totalCostFen: number;
  readonly subsidyFen: number;
  readonly paidFen: number;
  readonly dueFen: number;
  readonly accounts: readonly HouseholdAccount[];
}

/** Every flat's account of the unit (refusals as {@link recordPayment}'s before the agreement). */
export async function unitAccounts(ctx: CommandContext, unitId: string): Promise<UnitAccounts> {
  const { state } = await readUnit(ctx, unitId);
  const agreed = agreedShares(state);
  const accounts = agreed.shares.map((share) => householdAccount(state, share.room));
  return {
    unitId,
    totalCostFen: agreed.totalCostFen,
    subsidyFen: agreed.subsidyFen,
    paidFen: accounts.reduce((sum, account) => sum + account.paidFen, 0),
    dueFen: accounts.reduce((sum, account) => sum + account.dueFen, 0),
    accounts,
  };
}

/** The costs of each of `flats` (a resident's own), in the order given. */
export async function costsOfFlats(
  ctx: CommandContext,
  flats: readonly ResidentFlat[],
): Promise<readonly FlatCosts[]> {
  const found: FlatCosts[] = [];
  for (const flat of flats) {
    const { state } = await loadCase(ctx, flat.unitId);
    found.push(flatCosts(state, flat));
  }
  return found;
}

/**
 * `我的费用` from a chat contact: the costs of every flat it is bound to as an owner, a co-owner or a
 * confirmed proxy (a binding still waiting for the owner shows nothing). `not_bound` when none.
 */
export async function myCostsInChat(
  ctx: CommandContext,
  contactId: string,
): Promise<
  { readonly kind: 'costs'; readonly flats: readonly FlatCosts[] } | { readonly kind: 'not_bound' }
> {
  const contact = await readContact(ctx.models.contacts, contactId);
  const flats: FlatCosts[] = [];
  for (const flat of contact?.flats ?? []) {
    const { state } = await loadCase(ctx, flat.unitId);
    const binding = findHousehold(state, flat.room, contactId);
    if (binding !== undefined && binding.pending !== true) flats.push(flatCosts(state, flat));
  }
  return flats.length === 0 ? { kind: 'not_bound' } : { kind: 'costs', flats };
}
