/** The money after the vote as the API answers it (`GET /units/:unitId/payments`, a payment recorded). */
import type { Share } from './types';

export interface Payment {
  paymentId: string;
  room: string;
  amountFen: number;
  paidOn: string;
  reference?: string;
  cancelled?: { reason: string; at: string };
}

export interface HouseholdAccount {
  room: string;
  share: Share;
  subsidyFen: number;
  totalCostFen: number;
  oweFen: number;
  paidFen: number;
  dueFen: number;
  payments: Payment[];
}

export interface UnitAccounts {
  unitId: string;
  totalCostFen: number;
  subsidyFen: number;
  paidFen: number;
  dueFen: number;
  accounts: HouseholdAccount[];
}

export interface PaymentStep {
  unitId: string;
  paymentId: string;
  seq: number;
  account: HouseholdAccount;
}

export type ClaimStatus = 'applied' | 'approved' | 'paid' | 'refused';
export type Fund = 'subsidy' | 'provident_fund';

/** One claim (the project's subsidy, or a flat's provident-fund withdrawal) and every step of it. */
export interface Claim {
  fund: Fund;
  room?: string;
  status: ClaimStatus;
  amountFen?: number;
  steps: { status: ClaimStatus; on: string; amountFen?: number; reference?: string; reasons: string[] }[];
}

/** One item a claim needs, as the city configured it. */
export interface ClaimChecklistItem {
  id: string;
  label: string;
  source: string;
  confirmed: boolean;
  required: boolean;
}

/** `GET /units/:unitId/claims` (and `POST …/claims`, the same after the step). */
export interface UnitClaims {
  unitId: string;
  subsidy: { plannedFen: number; claim?: Claim };
  providentFundOpen: boolean;
  providentFund: { room: string; shareFen: number; claim?: Claim }[];
  checklists: { subsidy: ClaimChecklistItem[]; providentFund: ClaimChecklistItem[] };
}

/** The statuses a claim may move to (none: not claimed yet), as the API allows them. */
export const NEXT_CLAIM_STATUSES: Readonly<Record<ClaimStatus | 'none', readonly ClaimStatus[]>> = {
  none: ['applied'],
  applied: ['approved', 'refused'],
  approved: ['paid', 'refused'],
  paid: [],
  refused: ['applied'],
};
