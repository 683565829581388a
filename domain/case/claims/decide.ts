/**
 * The money claimed after the works (domain.md §6): the subsidy once the agreement is signed, a
 * household's provident fund once the elevator passed completion acceptance (HZ-2021 item 18); each
 * claim moves applied → approved → paid, or is refused with reasons and may be applied for again;
 * never more than the project's cost (subsidy) or the household's share (provident fund).
 */
import { day, defined, fail, invalid, items, optionalText, requireRegistered } from '../checks.js';
import { agreedShares, householdAccount } from '../payments/state.js';
import type { Handlers } from '../state.js';
import { CLAIM_STATUSES, FUNDS, type ClaimCommandData } from './commands.js';
import type { ClaimEventData } from './events.js';
import { claimOf, NEXT_STATUSES } from './state.js';

type Handler<K extends keyof ClaimCommandData> = Handlers<ClaimCommandData, ClaimEventData>[K];

const recordFundClaim: Handler<'RecordFundClaim'> = (data, state) => {
  requireRegistered(state);
  if (!FUNDS.includes(data.fund)) invalid('fund', `fund is one of ${FUNDS.join(', ')}.`);
  if (!CLAIM_STATUSES.includes(data.status))
    invalid('status', `status is one of ${CLAIM_STATUSES.join(', ')}.`);
  let limitFen: number;
  if (data.fund === 'subsidy') {
    if (data.room !== undefined) invalid('room', 'The subsidy is claimed for the whole project, not a flat.');
    limitFen = agreedShares(state).totalCostFen;
  } else {
    if (data.room === undefined) invalid('room', 'A provident-fund withdrawal is one flat’s: name its room.');
    limitFen = householdAccount(state, data.room).oweFen;
    if (limitFen === 0) {
      fail('claim_exceeds_share', `Room ${data.room} owes nothing: there is no share to pay from the fund.`, {
        limitFen,
        room: data.room,
      });
    }
    if (state.works.completionAcceptedOn === undefined) {
      fail('completion_not_accepted', 'Provident fund is withdrawn after completion acceptance.', {
        stage: state.stage,
      });
    }
  }
  const current = claimOf(state, data.fund, data.room)?.status ?? 'none';
  const allowed = NEXT_STATUSES[current];
  if (!allowed.includes(data.status)) {
    fail('claim_status_invalid', `A claim ${current} cannot become ${data.status}.`, {
      status: current,
      allowed: [...allowed],
    });
  }
  const { amountFen } = data;
  if (amountFen === undefined) {
    if (data.status === 'approved' || data.status === 'paid') {
      invalid('amountFen', `An ${data.status} claim names its amount.`);
    }
  } else if (!Number.isSafeInteger(amountFen) || amountFen < 1) {
    invalid('amountFen', 'amountFen is a whole number of fen from 1.');
  } else if (amountFen > limitFen) {
    fail('claim_exceeds_share', `At most ${limitFen} fen may be claimed.`, {
      limitFen,
      ...(data.room === undefined ? {} : { room: data.room }),
    });
  }
  const reasons = items(data.reasons, 'reasons');
  if (data.status === 'refused' && reasons.length === 0) {
    fail('reasons_required', 'A refused claim states its reasons.');
  }
  return [
    {
      type: 'FundClaimRecorded',
      data: defined({
        fund: data.fund,
        room: data.room,
        status: data.status,
        on: day(data.on, 'on'),
        amountFen,
        reference: optionalText(data.reference, 'reference'),
        reasons,
      }),
    },
  ];
};

/** The claim command handlers. */
export const claimHandlers: Handlers<ClaimCommandData, ClaimEventData> = {
  RecordFundClaim: recordFundClaim,
};
