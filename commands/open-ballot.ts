import { findBallot, type BallotPurpose, type BallotState } from '../domain/case/index.js';
import type { Matter } from '../domain/vote/index.js';
import type { LoadedCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { newBallotId, requireUnitId } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** What a transport asks for when it opens a ballot. */
export interface OpenBallotInput {
  readonly unitId: string;
  readonly title: string;
  readonly matter: Matter;
  /** Defaults to `elevator` for a major matter (the project vote) and `other` for an ordinary one. */
  readonly purpose?: BallotPurpose;
  readonly closesAt?: Date;
  readonly planVersion?: number;
}

/** The opened ballot, with the case it belongs to. */
export interface OpenedBallot extends LoadedCase {
  readonly unitId: string;
  readonly ballot: BallotState;
}

/** The purpose a ballot gets when the caller names none (see {@link OpenBallotInput.purpose}). */
export function defaultPurpose(matter: Matter): BallotPurpose {
  return matter === 'major' ? 'elevator' : 'other';
}

/**
 * `OpenBallot` → `BallotOpened`: freezes the unit's roster, denominators and rules (domain.md §2) under
 * a new ballot id that encodes the unit. Voting stays open at least `settings.ballotMinimumOpenDays`
 * days (domain.md §2: 5, configurable), so a `closesAt` earlier than that is refused
 * (`ballot_too_short`). The elevator ballot is major, needs a published plan (`wrong_stage`) and is
 * the only one open at a time. A ballot with a `closesAt` closes itself then: its `ballot.close`
 * deadline (and its reminders) follow from the case's plan of clocks (`commands/clocks.ts`).
 */
export async function openBallot(
  ctx: CommandContext,
  input: OpenBallotInput,
  meta: CommandMeta,
): Promise<OpenedBallot> {
  requireUnitId(input.unitId);
  const ballotId = newBallotId(input.unitId);
  const { state, head } = await runCaseCommand(
    ctx,
    input.unitId,
    {
      type: 'OpenBallot',
      data: {
        ballotId,
        title: input.title,
        matter: input.matter,
        purpose: input.purpose ?? defaultPurpose(input.matter),
        minimumOpenDays: ctx.settings.ballotMinimumOpenDays,
        ...(input.closesAt === undefined ? {} : { closesAt: input.closesAt }),
        ...(input.planVersion === undefined ? {} : { planVersion: input.planVersion }),
      },
    },
    meta,
  );
  const ballot = findBallot(state, ballotId)!;
  return { unitId: input.unitId, state, head, ballot };
}
