import { z } from 'zod';
import { OBJECTION_GROUNDS } from '../../../domain/case/index.js';
import { CHOICES } from '../../../domain/vote/index.js';
import { Room } from '../units/schema.js';

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
