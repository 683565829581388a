/**
 * The money claimed after the works (domain.md §6; HZ-2021 item 18): the project's subsidy and each
 * household's provident-fund (公积金) withdrawal, every step recorded through the API by the
 * applicant representative or the committee as it happens. The subsidy is the whole unit's news: each
 * step is told to the group in one line. A household's withdrawal is its own business: never told to
 * the group; the household sees it in `我的费用` and the mini-program.
 */
import {
  claimsOverview,
  type ChecklistItem,
  type ClaimCommandData,
  type ClaimsOverview,
} from '../domain/case/index.js';
import { subsidyClaimNotice } from '../messages/index.js';
import type { CommandContext } from './kernel/context.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { dayOr, runLifecycleStep } from './lifecycle-step.js';
import { readUnit } from './read-case.js';

/** The unit's claims against the agreed plan, with the checklists of what each needs. */
export interface UnitClaims extends ClaimsOverview {
  readonly unitId: string;
  readonly checklists: {
    readonly subsidy: readonly ChecklistItem[];
    readonly providentFund: readonly ChecklistItem[];
  };
}

function present(
  ctx: CommandContext,
  unitId: string,
  state: Parameters<typeof claimsOverview>[0],
): UnitClaims {
  return {
    unitId,
    ...claimsOverview(state),
    checklists: {
      subsidy: ctx.settings.checklists.subsidy,
      providentFund: ctx.settings.checklists.provident_fund,
    },
  };
}

/** How the unit's subsidy and every household's provident fund stand. */
export async function unitClaims(ctx: CommandContext, unitId: string): Promise<UnitClaims> {
  const { state } = await readUnit(ctx, unitId);
  return present(ctx, unitId, state);
}

/**
 * Records one step of a claim (`on` left out: today). Refusals: `agreement_not_signed`,
 * `no_agreed_cost`, `unknown_room`, `completion_not_accepted` (provident fund before completion
 * acceptance), `claim_status_invalid`, `claim_exceeds_share`, `reasons_required`, `validation_error`.
 */
export async function recordFundClaim(
  ctx: CommandContext,
  input: { readonly unitId: string } & Omit<ClaimCommandData['RecordFundClaim'], 'on'> & {
      readonly on?: string;
    },
  meta: CommandMeta,
): Promise<UnitClaims & { readonly seq: number; readonly announcement: string }> {
  const { unitId, ...rest } = input;
  const data: ClaimCommandData['RecordFundClaim'] = { ...rest, on: dayOr(input.on, 'on', meta.now) };
  const done = await runLifecycleStep(ctx, unitId, { type: 'RecordFundClaim', data }, meta, () =>
    data.fund === 'subsidy' ? subsidyClaimNotice(data) : null,
  );
  return { ...present(ctx, unitId, done.state), seq: done.event.seq, announcement: done.announcement };
}
