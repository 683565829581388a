/**
 * Folding a published plan: the version in force, and the open elevator ballot that now votes on it
 * (the votes of flats whose share changed stop counting until they vote again).
 */
import { withBallot } from '../ballots/evolve.js';
import type { CaseState, Evolvers } from '../state.js';
import type { PlanEventData } from './events.js';
import type { PlanState } from './state.js';

function publishPlan(state: CaseState, data: PlanEventData['PlanPublished']): CaseState {
  const plan: PlanState = {
    version: data.planVersion,
    title: data.title,
    publishedAt: data.publishedAt,
    ...(data.summary === undefined ? {} : { summary: data.summary }),
    ...(data.documents.length === 0 ? {} : { documents: data.documents }),
    ...(data.cost === undefined ? {} : { cost: data.cost }),
    ...(data.shares === undefined ? {} : { shares: data.shares }),
  };
  const next = { ...state, plan, plans: [...state.plans, plan] };
  const during = data.ballot;
  if (during === undefined) return { ...next, stage: 'planning' };
  // Published during the open elevator ballot: the case stays in voting, the ballot moves on.
  return withBallot(next, during.ballotId, (ballot) => ({
    ...ballot,
    planVersion: data.planVersion,
    reconfirmations: [
      ...(ballot.reconfirmations ?? []),
      { planVersion: data.planVersion, beforeSeq: ballot.votes.length, rooms: during.reconfirmRooms },
    ],
  }));
}

/** The plan event folders. */
export const planEvolvers: Evolvers<PlanEventData> = {
  PlanPublished: publishPlan,
};
