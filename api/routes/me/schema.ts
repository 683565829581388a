import { z } from 'zod';
import { CONTACT_ROLES, OBJECTION_GROUNDS } from '../../../domain/case/index.js';
import { REMINDER_KINDS, SCOPE_KINDS, STAFF_ROLES } from '../../../domain/platform/index.js';
import { CHOICES } from '../../../domain/vote/index.js';
import { named } from '../../openapi/registry.js';
import { ObjectionView } from '../objections/schema.js';
import { Room } from '../units/schema.js';
import { CountView, Instant, StageView } from '../views.js';

/**
 * `POST /ballots/:id/my-vote`: the resident's choice, for each flat they hold in the unit (as a vote
 * in chat). An `Idempotency-Key` header makes a retried request the same vote, recorded once.
 */
export const MyVoteBody = z.object({ choice: z.enum(CHOICES) });
export type MyVoteBody = z.infer<typeof MyVoteBody>;

/** The `Idempotency-Key` header of a resident's vote: printable, at most 100 characters. */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,100}$/, 'is 1 to 100 printable characters')
  .optional();

/**
 * `POST /units/:unitId/my-objections`: a resident's own objection during publicity — its ground, what
 * they object to, and which of their flats it is for (needed only when they hold more than one).
 */
export const MyObjectionBody = z.object({
  ground: z.enum(OBJECTION_GROUNDS),
  summary: z.string().trim().min(1, 'is required').max(2000),
  room: Room.optional(),
});
export type MyObjectionBody = z.infer<typeof MyObjectionBody>;

/**
 * `POST /me/reminders`: what `wx.requestSubscribeMessage` answered, as it answered it — for each
 * template id asked, `accept`, `reject`, `ban` or `filter`. Each `accept` allows one more reminder.
 */
export const ReminderConsentBody = z.object({
  results: z
    .record(
      z.string().regex(/^[\w-]{1,64}$/, 'is a template id'),
      z.enum(['accept', 'reject', 'ban', 'filter']),
    )
    .refine((results) => Object.keys(results).length <= 10, 'lists at most 10 templates'),
});
export type ReminderConsentBody = z.infer<typeof ReminderConsentBody>;

// ——— Answers ———

/** `GET` and `POST /me/reminders`: each reminder, the template to ask for it with, and how many may come. */
export const RemindersView = named(
  'Reminders',
  z.strictObject({
    reminders: z.array(
      z.strictObject({
        kind: z.enum(REMINDER_KINDS),
        templateId: z.string().optional(),
        remaining: z.number().int().min(0),
      }),
    ),
  }),
);

/** The administrator or a staff member: their role, their token's id, and the scope they work in. */
const StaffSelfView = z.strictObject({
  kind: z.enum(['admin', ...STAFF_ROLES]),
  /** A staff member's token (none for the administrator). */
  tokenId: z.string().optional(),
  roles: z.array(z.enum(CONTACT_ROLES)),
  scope: z.union([
    z.strictObject({ kind: z.literal('platform') }),
    z.strictObject({ kind: z.enum(SCOPE_KINDS), id: z.string() }),
  ]),
});

/** A signed-in resident: the flats they are bound to, each with its unit's name and stage. */
const ResidentSelfView = z.strictObject({
  kind: z.literal('resident'),
  roles: z.array(z.never()).max(0),
  flats: z.array(
    z.strictObject({
      unitId: z.string(),
      room: z.string(),
      unitName: z.string().optional(),
      stage: StageView,
    }),
  ),
});

/** `GET /me`: who the caller is signed in as. */
export const SelfView = named('Self', z.union([StaffSelfView, ResidentSelfView]));

/** One flat's vote of `POST /ballots/:id/my-vote`, with the receipt the resident is shown. */
const MyFlatVoteView = z.strictObject({
  room: z.string(),
  /** What counts for the flat after this vote (`null`: nothing, its co-owners disagree). */
  counts: z.enum(CHOICES).nullable(),
  /** It replaced an earlier vote of this resident for the flat. */
  changed: z.boolean(),
  asProxy: z.boolean(),
  /** The flat's co-owners disagree after this vote. */
  conflict: z.boolean(),
  receipt: z.strictObject({ code: z.string(), seq: z.number().int(), hash: z.string(), at: Instant }),
});

/**
 * `POST /ballots/:id/my-vote`: the vote recorded for each of the resident's flats (201) with the new
 * count, or the same request again (200, `duplicate`, nothing recorded).
 */
export const MyVoteView = named(
  'MyVote',
  z.strictObject({
    ballotId: z.string(),
    duplicate: z.boolean(),
    choice: z.enum(CHOICES).optional(),
    votes: z.array(MyFlatVoteView),
    tally: z.strictObject({ agree: CountView, participating: CountView }).optional(),
  }),
);

/** `POST /units/:unitId/my-objections`: the objection filed, as the resident may see it. */
export const MyObjectionView = named(
  'MyObjection',
  z.strictObject({ unitId: z.string(), ...ObjectionView.shape }),
);
