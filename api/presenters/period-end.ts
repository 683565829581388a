import type { PeriodEndAnswer } from '../../commands/compute-period-end.js';

/** Shows a period end: days as `YYYY-MM-DD`, the end instant in UTC, and whether it is provisional. */
export function presentPeriodEnd(answer: PeriodEndAnswer) {
  return {
    from: answer.from,
    length: answer.length,
    unit: answer.unit,
    nominalEndsOn: answer.nominalEndsOn,
    endsOn: answer.endsOn,
    endsAt: answer.endsAt.toISOString(),
    provisional: answer.provisional,
    publishedThrough: answer.publishedThrough,
  };
}
