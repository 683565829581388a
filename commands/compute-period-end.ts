import { periodEnd, type PeriodEnd, type PeriodUnit } from '../domain/calendar/index.js';
import type { CommandContext } from './kernel/context.js';

/** A period end, with the last year the holiday table covers by a published notice. */
export interface PeriodEndAnswer extends PeriodEnd {
  readonly publishedThrough: number;
}

/**
 * Where a period of `length` days or working days from `from` ends (Civil Code arts. 201–203, on the
 * State Council calendar the context loaded; domain.md §3). A result reaching past the last published
 * year is `provisional`. Refusals: `invalid_date` (field `from`), `invalid_period_length` (field `length`).
 */
export function computePeriodEnd(
  ctx: CommandContext,
  input: { readonly from: string; readonly length: number; readonly unit: PeriodUnit },
): PeriodEndAnswer {
  return {
    ...periodEnd(input.from, input.length, input.unit, ctx.holidays),
    publishedThrough: ctx.holidays.publishedThrough,
  };
}
