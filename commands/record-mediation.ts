import {
  findObjection,
  openObjections,
  type CaseState,
  type MediationLevel,
  type MediationOutcome,
  type ObjectionState,
} from '../domain/case/index.js';
import type { StoredEvent } from '../models/case-stream.js';
import type { CommandContext } from './kernel/context.js';
import { readUnit } from './read-case.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** One mediation session or hearing as the committee records it. */
export interface RecordMediationInput {
  readonly unitId: string;
  readonly objectionId: string;
  readonly level: MediationLevel;
  readonly heldOn: string;
  readonly participants: readonly string[];
  readonly outcome: MediationOutcome;
  readonly summary?: string;
  readonly recordRef?: string;
}

/** The objection after the session, and whether the application may now go forward. */
export interface RecordMediationResult {
  readonly unitId: string;
  readonly objection: ObjectionState;
  readonly state: CaseState;
  readonly event: StoredEvent;
  /** Effective objections still open: while any is, the application stays closed (domain.md §3). */
  readonly openObjectionIds: readonly string[];
}

/**
 * Records one step of the mediation ladder (domain.md §3; HZ-2021 items 5–6):
 * negotiation → residents' committee → sub-district → public hearing, with its day, participants and
 * outcome (resolved, withdrawn, failed, refused). `RecordMediation` → `MediationRecorded`; the case
 * checks the order (`mediation_out_of_order`), that the objection is effective and open
 * (`objection_not_effective`, `objection_closed`) and that a hearing has its full record
 * (`hearing_not_recorded`). The last open effective objection closing after publicity lets the
 * application go forward. Refusals also: `unit_not_registered`, `objection_not_found`.
 */
export async function recordMediation(
  ctx: CommandContext,
  input: RecordMediationInput,
  meta: CommandMeta,
): Promise<RecordMediationResult> {
  await readUnit(ctx, input.unitId);
  const { state, events } = await runCaseCommand(
    ctx,
    input.unitId,
    {
      type: 'RecordMediation',
      data: {
        objectionId: input.objectionId,
        level: input.level,
        heldOn: input.heldOn,
        participants: input.participants,
        outcome: input.outcome,
        ...(input.summary === undefined ? {} : { summary: input.summary }),
        ...(input.recordRef === undefined ? {} : { recordRef: input.recordRef }),
      },
    },
    meta,
  );
  return {
    unitId: input.unitId,
    objection: findObjection(state, input.objectionId)!,
    state,
    event: events[0]!,
    openObjectionIds: openObjections(state).map((objection) => objection.objectionId),
  };
}
