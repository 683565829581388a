/**
 * The small shapes many answers share, as zod schemas for the OpenAPI document and the response tests:
 * instants, days, areas, counts and stages exactly as the presenters write them.
 */
import { z, type ZodRawShape, type ZodType } from 'zod';
import { STAGES } from '../../domain/case/index.js';
import { named } from '../openapi/registry.js';

/** A UTC instant as `Date.toISOString()` writes it (`2025-03-03T02:00:00.000Z`). */
export const Instant = named(
  'Instant',
  z.iso.datetime().describe('A UTC instant, ISO-8601 (`2025-03-03T02:00:00.000Z`).'),
);

/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export const Day = named('Day', z.iso.date().describe('A calendar day in Asia/Shanghai, `YYYY-MM-DD`.'));

/** An area in square metres with exactly two places, as text so it stays exact (`"870.50"`). */
export const AreaText = named(
  'Area',
  z
    .string()
    .regex(/^\d+\.\d{2}$/)
    .describe('Square metres with exactly two places, as text so it stays exact (`"870.50"`).'),
);

/** A count that is never negative. */
export const Whole = z.number().int().min(0);

/** Where a case stands (domain/case `STAGES`). */
export const StageView = z.enum(STAGES);

/** A head and area count: `{ owners: 12, area: "870.50" }`. */
export const CountView = named('Count', z.strictObject({ owners: Whole, area: AreaText }));

/** The cursor of the next page, to send as `?cursor=`; `null` on the last page (`api/pagination.ts`). */
export const NextCursor = z
  .string()
  .nullable()
  .describe('Send as `?cursor=` for the next page; `null` on the last page. Opaque.');

/**
 * A page of a list (`api/pagination.ts`), named: `{ items, nextCursor }`, beside `context` where the
 * list is shown with more (the objections with their publicity period).
 */
export function pageView<T extends ZodType, C extends ZodRawShape = Record<never, never>>(
  id: string,
  item: T,
  context?: C,
) {
  return named(
    id,
    z.strictObject({ ...(context ?? ({} as C)), items: z.array(item), nextCursor: NextCursor }),
  );
}
