import { z } from 'zod';
import { named } from '../../openapi/registry.js';
import { Day, Instant } from '../views.js';

/**
 * `GET /calendar/period-end?from=YYYY-MM-DD&length=N&unit=day|workday`. The shape of `from` is checked
 * here; whether it is a real date (no 30 February) is the calendar's `invalid_date`.
 */
export const PeriodEndQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day written YYYY-MM-DD'),
  length: z.coerce
    .number({ message: 'is a whole number of days' })
    .int('is a whole number of days')
    .min(1)
    .max(3650),
  unit: z.enum(['day', 'workday']).default('day'),
});
export type PeriodEndQuery = z.infer<typeof PeriodEndQuery>;

/** Where the period ends: its nominal and its real last day, the end instant, and whether it is provisional. */
export const PeriodEndView = named(
  'PeriodEnd',
  z.strictObject({
    from: Day,
    length: z.number().int().min(1),
    unit: z.enum(['day', 'workday']),
    nominalEndsOn: Day,
    endsOn: Day,
    endsAt: Instant,
    provisional: z.boolean(),
    /** The last year whose State Council holiday notice is loaded. */
    publishedThrough: z.number().int(),
  }),
);
