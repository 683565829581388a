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
