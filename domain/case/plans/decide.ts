/**
 * Publishing a draft plan version with its cost plan. The shares are computed once, from the flats as
 * registered then, and kept in the event: they are what each household was told (domain.md §6).
 */
import { roomsWithChangedShare, splitCost } from '../../cost/index.js';
import type { CostShare } from '../../cost/types.js';
import { openElevatorBallot, type BallotState } from '../ballots/state.js';
import { defined, fail, items, jsonSafe, requireStage, text } from '../checks.js';
import type { Handlers } from '../state.js';
import type { PlanCommandData } from './commands.js';
import type { PlanEventData } from './events.js';
import { currentPlanVersion } from './state.js';

type Handler<K extends keyof PlanCommandData> = Handlers<PlanCommandData, PlanEventData>[K];

const publishPlan: Handler<'PublishPlan'> = (data, state, now) => {
  requireStage(state, ['canvassing', 'planning', 'voting']);
  const current = currentPlanVersion(state);
  if (!Number.isSafeInteger(data.planVersion) || data.planVersion <= current) {
    fail('plan_version_not_newer', `The plan version must be greater than ${current}.`, {
      planVersion: data.planVersion,
      current,
    });
  }
  const title = text(data.title, 'title');
  const documents = items(data.documents, 'documents');
  // The shares are computed once, from the flats as registered now, and kept in the event.
  const shares = data.cost === undefined ? undefined : jsonSafe(splitCost(state.flats, data.cost).shares);
  const open = openElevatorBallot(state);
  const ballot =
    open === undefined
      ? undefined
      : { ballotId: open.ballotId, reconfirmRooms: changedShares(open, state.plan?.shares, shares) };
  return [
    {
      type: 'PlanPublished',
      data: defined({
        planVersion: data.planVersion,
        title,
        summary: data.summary,
        documents,
        cost: data.cost === undefined ? undefined : jsonSafe(data.cost),
        shares,
        ballot,
        publishedAt: now.toISOString(),
      }),
    },
  ];
};

/** The rooms of an open ballot's roster whose net share differs between two plan versions. */
function changedShares(
  ballot: BallotState,
  before: readonly CostShare[] | undefined,
  after: readonly CostShare[] | undefined,
): string[] {
  const changed = new Set(roomsWithChangedShare(before, after));
  return ballot.roster.map((flat) => flat.room).filter((room) => changed.has(room));
}

/** The plan command handlers. */
export const planHandlers: Handlers<PlanCommandData, PlanEventData> = {
  PublishPlan: publishPlan,
};
