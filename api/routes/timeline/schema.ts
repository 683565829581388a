import { z } from 'zod';
import { CONTACT_ROLES, HOUSEHOLD_ROLES } from '../../../domain/case/index.js';
import { STAFF_ROLES } from '../../../domain/platform/index.js';
import { CHANNELS } from '../../../models/case-event.js';
import { named } from '../../openapi/registry.js';
import { KeyNumber, pagedList } from '../../pagination.js';
import { Instant, pageView, Whole } from '../views.js';

/** `GET /units/:unitId/timeline` pages the events of the unit's case stream by seq. */
export const TimelineList = pagedList('timeline', z.tuple([KeyNumber]));

// ——— Answers ———

/**
 * One event of a unit's stream: its seq, type, time, channel, who acted (by kind and id, never a
 * name; a resident with the role the case gives them now), its place in the hash chain and a line
 * saying what happened (names only to whoever may read them).
 */
export const TimelineEventView = named(
  'TimelineEvent',
  z.strictObject({
    seq: Whole,
    type: z.string(),
    at: Instant,
    channel: z.enum(CHANNELS),
    actor: z.strictObject({
      kind: z.enum(['admin', ...STAFF_ROLES, 'resident', 'system']),
      id: z.string(),
      role: z.enum([...HOUSEHOLD_ROLES, ...CONTACT_ROLES]).optional(),
    }),
    prevHash: z.string(),
    hash: z.string(),
    line: z.string(),
  }),
);

/** `GET /units/:unitId/timeline`: a page of the unit's events, by seq. */
export const TimelineView = pageView('Timeline', TimelineEventView);

/**
 * `GET /units/:unitId/milestones`: the steps of the case everyone in the unit sees, oldest first —
 * when, what kind, and a line in plain words without names.
 */
export const MilestonesView = named(
  'Milestones',
  z.strictObject({
    unitId: z.string(),
    items: z.array(z.strictObject({ seq: Whole, type: z.string(), at: Instant, line: z.string() })),
  }),
);

/**
 * `GET /units/:unitId/timeline/verify`: the whole chain hashed again — whether it holds, how many
 * events hold, the last of them, and where it first breaks (what the failing check compared).
 */
export const ChainCheckView = named(
  'ChainCheck',
  z.strictObject({
    ok: z.boolean(),
    events: Whole,
    head: z.strictObject({ seq: Whole, hash: z.string() }),
    brokenAt: z
      .strictObject({
        seq: Whole,
        reason: z.enum(['missing_event', 'wrong_id', 'prev_hash_mismatch', 'hash_mismatch']),
        expected: z.string(),
        found: z.string().nullable(),
      })
      .optional(),
  }),
);
