/**
 * The small shapes many answers share, as zod schemas for the OpenAPI document and the response tests:
 * instants, days, areas, counts and stages exactly as the presenters write them.
 */
import { z } from 'zod';
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
