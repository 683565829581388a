import { z } from 'zod';
import { named } from '../../openapi/registry.js';

/** One part's answer: its state word, whether it does its job now, and small facts worth showing. */
const PartHealthView = z.strictObject({
  state: z.string(),
  healthy: z.boolean(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

/**
 * `GET /healthz`: `ok` with nothing failing (200), or `degraded` naming the failing parts (503). Each
 * part's state word also stands at the top level (`db: "up"`), for a glance and for old clients.
 */
export const HealthView = named(
  'Health',
  z
    .object({
      status: z.enum(['ok', 'degraded']),
      failing: z.array(z.string()),
      parts: z.record(z.string(), PartHealthView),
    })
    .catchall(z.string()),
);
