import type { PlanState } from '../../domain/case/index.js';

/**
 * Shows one plan version: its text, cost plan and — with `shares` — each flat's share with the terms
 * that produced it (the committee checks them against what each household was told). Money in fen.
 */
export function presentPlan(plan: PlanState, options: { shares: boolean }) {
  const compensation = (plan.cost?.compensations ?? []).reduce((sum, c) => sum + c.amountFen, 0);
  return {
    version: plan.version,
    title: plan.title,
    ...(plan.summary === undefined ? {} : { summary: plan.summary }),
    documents: plan.documents ?? [],
    publishedAt: plan.publishedAt,
    ...(plan.cost === undefined
      ? {}
      : {
          cost: {
            ...plan.cost,
            amountSharedFen: plan.cost.totalCostFen - plan.cost.subsidyFen + compensation,
          },
        }),
    ...(options.shares && plan.shares !== undefined ? { shares: plan.shares } : {}),
  };
}
