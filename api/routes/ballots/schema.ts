import { z } from 'zod';
import { BALLOT_PURPOSES, ENTERED_VOTE_CHANNELS } from '../../../domain/case/index.js';
import { CHOICES, MATTERS } from '../../../domain/vote/index.js';
import { Reason, Room } from '../units/schema.js';

/** `:id` of the ballot routes (any string: an id of the wrong shape is simply not found). */
export const BallotParams = z.object({ id: z.string().max(64) });
export type BallotParams = z.infer<typeof BallotParams>;

/**
 * `POST /units/:unitId/ballots`. `purpose` defaults to `elevator` for a major matter and `other` for
 * an ordinary one; `closesAt` is an ISO-8601 instant with its offset.
 */
export const OpenBallotBody = z.object({
  title: z.string().trim().min(1).max(200),
  matter: z.enum(MATTERS),
  purpose: z.enum(BALLOT_PURPOSES).optional(),
  closesAt: z.iso
    .datetime({ offset: true, message: 'is an ISO-8601 instant such as 2025-03-10T16:00:00Z' })
    .transform((text) => new Date(text))
    .optional(),
  planVersion: z.number().int().min(1).optional(),
});
export type OpenBallotBody = z.infer<typeof OpenBallotBody>;

/** `POST /ballots/:id/votes`: a vote the committee enters, with its paper ballot or authorization reference. */
export const CastVoteBody = z.object({
  room: Room,
  choice: z.enum(CHOICES),
  channel: z.enum(ENTERED_VOTE_CHANNELS),
  reference: z.string().trim().min(1, 'is required').max(64),
  proxyFor: z.string().trim().min(1).max(64).optional(),
});
export type CastVoteBody = z.infer<typeof CastVoteBody>;

/**
 * `POST /ballots/:id/cancellation`: why the ballot is cancelled. The reason is announced in the unit's
 * group and told to every household that got a vote receipt: write it for residents to read.
 */
export const CancelBallotBody = z.object({ reason: Reason });
export type CancelBallotBody = z.infer<typeof CancelBallotBody>;
