/** Folding the claims' events: each claim's status moves and its steps are kept in order. */
import type { Evolvers } from '../state.js';
import type { ClaimEventData } from './events.js';
import type { ClaimState } from './state.js';

/** The claim event folders. */
export const claimEvolvers: Evolvers<ClaimEventData> = {
  FundClaimRecorded: (state, data) => {
    const { fund, room, ...step } = data;
    const index = state.claims.findIndex((claim) => claim.fund === fund && claim.room === room);
    const before = index === -1 ? undefined : state.claims[index];
    const claim: ClaimState = {
      fund,
      ...(room === undefined ? {} : { room }),
      status: step.status,
      ...(step.amountFen === undefined
        ? before?.amountFen === undefined
          ? {}
          : { amountFen: before.amountFen }
        : { amountFen: step.amountFen }),
      steps: [...(before?.steps ?? []), step],
    };
    const claims = [...state.claims];
    if (index === -1) claims.push(claim);
    else claims[index] = claim;
    return { ...state, claims };
  },
};
