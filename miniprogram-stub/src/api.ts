/**
 * The one way the pages reach the server: the public v1 API over `wx.request`, with the resident's
 * session from sign-in. A refusal comes back as an {@link ApiError} whose `message` is the API's own
 * plain-Chinese sentence, ready to show.
 */
import { API_BASE_URL } from './config';
import { TEXTS } from './texts';

const SESSION_KEY = 'jiati.session';

/** A refused or failed request: `message` is for the resident, `code` for the page's own choices. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The resident's session token, or `''` when they have not signed in. */
export function session(): string {
  const token: unknown = wx.getStorageSync(SESSION_KEY);
  return typeof token === 'string' ? token : '';
}

export function saveSession(token: string): void {
  wx.setStorageSync(SESSION_KEY, token);
}

export function forgetSession(): void {
  wx.removeStorageSync(SESSION_KEY);
}

interface RequestOptions {
  /** A retried request with the same key is the same change (the API answers it once). */
  readonly idempotencyKey?: string;
}

type Method = 'GET' | 'POST' | 'DELETE';

/** Sends one request; resolves with the JSON body of a 2xx answer. */
export function request<T>(
  method: Method,
  path: string,
  body?: object,
  options: RequestOptions = {},
): Promise<T> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  const token = session();
  if (token !== '') header.authorization = `Bearer ${token}`;
  if (options.idempotencyKey !== undefined) header['idempotency-key'] = options.idempotencyKey;
  return new Promise<T>((resolve, reject) => {
    wx.request({
      url: `${API_BASE_URL}/api/v1${path}`,
      method,
      header,
      ...(body === undefined ? {} : { data: body }),
      success(response) {
        const status = response.statusCode;
        const data = response.data as { error?: unknown; message?: unknown } | undefined;
        if (status >= 200 && status < 300) {
          resolve(data as T);
          return;
        }
        if (status === 401 && token !== '') forgetSession();
        const code = typeof data?.error === 'string' ? data.error : 'http_' + String(status);
        const message =
          typeof data?.message === 'string' && data.message !== ''
            ? data.message
            : status === 401
              ? TEXTS.sessionEnded
              : TEXTS.unknownError;
        reject(new ApiError(status, code, message));
      },
      fail() {
        reject(new ApiError(0, 'network', TEXTS.networkError));
      },
    });
  });
}

/** The sentence to show for anything a request threw. */
export function sentenceOf(error: unknown): string {
  return error instanceof ApiError ? error.message : TEXTS.unknownError;
}

/** A fresh key for one change the resident confirms (a second tap of the same screen reuses it). */
export function newIdempotencyKey(): string {
  return `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

// The API's answers, as far as the pages read them.

export interface MyFlat {
  readonly unitId: string;
  readonly room: string;
  readonly unitName: string;
  readonly stage: string;
}

export interface SignedIn {
  readonly token: string;
  readonly flats: readonly { unitId: string; room: string }[];
}

export interface BallotSummary {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly closesAt: string;
  readonly planVersion?: number;
}

export interface UnitView {
  readonly id: string;
  readonly name: string;
  readonly stage: string;
  readonly flats: readonly { room: string; floor: number; area: string; mine?: boolean }[];
  readonly ballots: readonly BallotSummary[];
}

export interface Share {
  readonly room: string;
  readonly floor: number;
  readonly payFen: number;
  readonly receiveFen: number;
  readonly netFen: number;
  readonly terms: {
    readonly scheme: string;
    readonly coefficientPermille?: number;
    readonly areaCenti?: number;
    readonly weight?: number;
    readonly totalWeight?: number;
    readonly weightScale?: number;
    readonly exempt?: string;
  };
}

export interface PlanView {
  readonly version: number;
  readonly title: string;
  readonly summary?: string;
  readonly cost?: { totalCostFen: number; subsidyFen: number; amountSharedFen: number };
  readonly shares?: readonly Share[];
}

export interface BallotView extends BallotSummary {
  readonly acceptingVotes: boolean;
}

export interface Count {
  readonly owners: number;
  readonly area: string;
}

export interface Tally {
  readonly status: string;
  readonly final: boolean;
  readonly passed: boolean;
  readonly totals: Count;
  readonly participating: Count;
  readonly agree: Count;
  readonly oppose: Count;
  readonly abstain: Count;
  readonly checks: Record<string, boolean>;
  readonly missing: { possible: boolean; owners: number; area: string };
}

export interface Receipt {
  readonly room: string;
  readonly counts: string;
  readonly receipt: { code: string; seq: number; at: string };
}

export interface VoteAnswer {
  readonly votes: readonly Receipt[];
  readonly tally: { participating: Count };
}

export interface ObjectionAnswer {
  readonly reference: string;
  readonly effective: boolean;
  readonly ineffectiveReasons: readonly string[];
}

/** One step of `GET /units/:unitId/milestones`: when, and what happened in plain words. */
export interface Milestone {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly line: string;
}

/** One reminder of `GET`/`POST /me/reminders`: the template to ask for it with, and how many may come. */
export interface ReminderStanding {
  readonly kind: string;
  readonly templateId?: string;
  readonly remaining: number;
}

/** One payment of a flat, as `GET /me/costs` lists it. */
export interface Payment {
  readonly paymentId: string;
  readonly amountFen: number;
  readonly paidOn: string;
  readonly cancelled?: { readonly reason: string; readonly at: string };
}

/** A flat's running-cost account: billed, credited, paid, and what it owes (negative: paid ahead). */
export interface RunningAccount {
  readonly billedFen: number;
  readonly balanceFen: number;
}

/** A claim of the subsidy or of a household's provident fund, where it stands. */
export interface Claim {
  readonly status: 'applied' | 'approved' | 'paid' | 'refused';
  readonly amountFen?: number;
}

/** One of my flats in `GET /me/costs`: its account once agreed, else the plan's proposal. */
export type FlatCosts =
  | {
      readonly kind: 'agreed';
      readonly unitId: string;
      readonly unitName: string;
      readonly account: {
        readonly room: string;
        readonly share: { readonly receiveFen: number };
        readonly subsidyFen: number;
        readonly oweFen: number;
        readonly paidFen: number;
        readonly dueFen: number;
        readonly payments: readonly Payment[];
      };
      readonly subsidyClaim?: Claim;
      /** Open after completion acceptance (HZ-2021 item 18); the household's claim once applied for. */
      readonly providentFund: { readonly open: boolean; readonly claim?: Claim };
      readonly running?: RunningAccount;
    }
  | {
      readonly kind: 'not_agreed';
      readonly unitId: string;
      readonly unitName: string;
      readonly room: string;
      readonly proposedFen?: number;
      readonly running?: RunningAccount;
    };

/** The flat this phone shows: the first the resident holds (the home page names every room). */
export async function myFlats(): Promise<readonly MyFlat[]> {
  const me = await request<{ flats?: readonly MyFlat[] }>('GET', '/me');
  return me.flats ?? [];
}
