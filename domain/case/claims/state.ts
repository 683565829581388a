/**
 * What a case knows of the money claimed after the works: each claim's steps, and how the project's
 * subsidy and every household's provident fund stand against the agreed plan.
 */
import type { PlanSlice } from '../plans/state.js';
import type { PublicitySlice } from '../publicity/state.js';
import type { WorksSlice } from '../works/state.js';
import type { ClaimStatus, Fund } from './commands.js';
import type { ClaimEventData } from './events.js';

/** One step of a claim, as recorded. */
export type ClaimStep = Omit<ClaimEventData['FundClaimRecorded'], 'fund' | 'room'>;

/** One claim: the project's subsidy (no `room`) or a flat's provident fund, with every step. */
export interface ClaimState {
  readonly fund: Fund;
  readonly room?: string;
  readonly status: ClaimStatus;
  /** The latest amount named: claimed, approved or paid. */
  readonly amountFen?: number;
  readonly steps: readonly ClaimStep[];
}

/** The part of a case's state that its claims keep. */
export interface ClaimSlice {
  readonly claims: readonly ClaimState[];
}

/** The statuses a claim may move to from `status` (none: not claimed yet). */
export const NEXT_STATUSES: Readonly<Record<ClaimStatus | 'none', readonly ClaimStatus[]>> = {
  none: ['applied'],
  applied: ['approved', 'refused'],
  approved: ['paid', 'refused'],
  paid: [],
  refused: ['applied'],
};

/** The claim of `fund` for `room` (the subsidy: no room), if any. */
export function claimOf(state: ClaimSlice, fund: Fund, room?: string): ClaimState | undefined {
  return state.claims.find((claim) => claim.fund === fund && claim.room === room);
}

/** How the project's subsidy and each household's provident fund stand. */
export interface ClaimsOverview {
  /** The subsidy the agreed plan deducted before sharing, and its claim. */
  readonly subsidy: { readonly plannedFen: number; readonly claim?: ClaimState };
  /** Whether households may withdraw provident fund yet: after completion acceptance (HZ-2021 item 18). */
  readonly providentFundOpen: boolean;
  readonly providentFund: readonly {
    readonly room: string;
    readonly shareFen: number;
    readonly claim?: ClaimState;
  }[];
}

/** The claims against the agreed plan (`undefined` shares before the agreement: no flat listed). */
export function claimsOverview(state: ClaimSlice & PlanSlice & PublicitySlice & WorksSlice): ClaimsOverview {
  const agreed = state.publicity === undefined ? undefined : state.plan;
  const subsidyClaim = claimOf(state, 'subsidy');
  return {
    subsidy: {
      plannedFen: agreed?.cost?.subsidyFen ?? 0,
      ...(subsidyClaim === undefined ? {} : { claim: subsidyClaim }),
    },
    providentFundOpen: state.works.completionAcceptedOn !== undefined,
    providentFund: (agreed?.shares ?? [])
      .filter((share) => share.netFen > 0)
      .map((share) => {
        const claim = claimOf(state, 'provident_fund', share.room);
        return { room: share.room, shareFen: share.netFen, ...(claim === undefined ? {} : { claim }) };
      }),
  };
}
