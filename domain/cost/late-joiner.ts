import { DomainError } from '../errors.js';
import { allocateLargestRemainder } from './allocate.js';
import { requireCount } from './scheme.js';
import { splitCost } from './split.js';
import type { CostFlat, CostPlan, LateJoinerCatchUp, LateJoinerOptions } from './types.js';

/**
 * What a flat that stayed out of the construction plan (listed in `exemptRooms`) pays to join after
 * the elevator is built, and who gets it back.
 *
 * The catch-up is the share the joiner would have had from the start: the plan is split again with the
 * joiner contributing under the same scheme, the same cost, subsidy and compensation. An optional
 * surcharge (`surchargePermille` thousandths of the catch-up, rounded half up to the fen) is added.
 * Everything the joiner pays goes to the original payers by the largest-remainder method in proportion
 * to what each paid, ties by room, so Σ refunds = joinerPaysFen exactly and no refund is negative.
 * Without surcharge each payer's net then equals its share in the recomputed split before rounding;
 * after rounding to the fen it may differ by a fen (by construction by less than 5; 1 is the most
 * seen in millions of random trials). Refunding "old share − new share" instead would match the
 * recomputed split exactly but can ask an original payer for 1 more fen, because largest remainder
 * is not monotone when a claimant is added (the "new states" paradox).
 *
 * Why: late joiners paying a catch-up is Hangzhou practice (domain.md §6); sharing by the agreed key
 * follows Civil Code art. 283.
 *
 * @throws DomainError `unknown_room` for a joiner not in `flats`; `late_join_needs_agreement` under an
 *   `explicit` scheme (every room's amount is fixed, so a new plan must be agreed);
 *   `joiner_has_no_share` when the joiner's weight under the scheme is zero (e.g. coefficient 0);
 *   `joiner_already_contributes` when the joiner is not exempt in `plan`; `validation_error` for a bad
 *   surcharge; and whatever {@link splitCost} throws for the plan.
 */
export function lateJoinerCatchUp(
  flats: readonly CostFlat[],
  plan: CostPlan,
  joinerRoom: string,
  options: LateJoinerOptions = {},
): LateJoinerCatchUp {
  const original = splitCost(flats, plan);
  if (!original.shares.some(({ room }) => room === joinerRoom)) {
    throw new DomainError('unknown_room', `room ${joinerRoom} is not in this unit`, {
      field: 'joinerRoom',
      room: joinerRoom,
    });
  }
  const surchargePermille = requireCount(options.surchargePermille ?? 0, 'surchargePermille');
  if (plan.scheme.kind === 'explicit') {
    throw new DomainError(
      'late_join_needs_agreement',
      'explicit shares fix every room; agree a new plan with the joiner',
      { room: joinerRoom },
    );
  }

  const exemptRooms = plan.exemptRooms ?? [];
  const recomputed = splitCost(flats, {
    ...plan,
    exemptRooms: exemptRooms.filter((room) => room !== joinerRoom),
  });
  const joiner = recomputed.shares.find(({ room }) => room === joinerRoom)!;
  if (joiner.terms.weight === 0) {
    throw new DomainError('joiner_has_no_share', `room ${joinerRoom} has no share under this scheme`, {
      room: joinerRoom,
    });
  }
  if (!exemptRooms.includes(joinerRoom)) {
    throw new DomainError('joiner_already_contributes', `room ${joinerRoom} already pays under this plan`, {
      room: joinerRoom,
    });
  }

  const catchUpFen = joiner.payFen;
  const surchargeFen = Number((BigInt(catchUpFen) * BigInt(surchargePermille) + 500n) / 1000n);
  const joinerPaysFen = catchUpFen + surchargeFen;
  if (!Number.isSafeInteger(joinerPaysFen)) {
    throw new DomainError('validation_error', 'the surcharge is too large', { field: 'surchargePermille' });
  }
  const payers = original.shares.filter(({ payFen }) => payFen > 0);
  const refunds = allocateLargestRemainder(
    joinerPaysFen,
    payers.map(({ room, payFen }) => ({ key: room, tiebreak: room, weight: payFen })),
  ).map(({ key, fen }) => ({ room: key, fen }));
  return {
    joinerRoom,
    joinerPaysFen,
    refunds,
    terms: { catchUpFen, surchargePermille, surchargeFen, share: joiner.terms },
  };
}
