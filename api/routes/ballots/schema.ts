import { z } from 'zod';
import { BALLOT_PURPOSES, ENTERED_VOTE_CHANNELS, WORKLIST_REASONS } from '../../../domain/case/index.js';
import { CHOICES, MATTERS } from '../../../domain/vote/index.js';
import { named } from '../../openapi/registry.js';
import { Reason, Room } from '../units/schema.js';
import { AreaText, CountView, Instant, StageView, Whole } from '../views.js';

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

// ——— Answers ———

/** One threshold: `fraction` of `of`, reached `at_least` (the boundary passes) or `more_than`. */
const ThresholdView = z.strictObject({
  fraction: z.string(),
  comparison: z.enum(['at_least', 'more_than']),
  of: z.enum(['total', 'participating']),
  source: z.string(),
});

/** The rules a ballot froze when it opened, with the thresholds they imply (Civil Code art. 278). */
export const RulesView = named(
  'BallotRules',
  z.strictObject({
    matter: z.enum(MATTERS),
    abstentionParticipates: z.boolean(),
    onCoOwnerConflict: z.enum(['earlier', 'latest']),
    thresholds: z.strictObject({ participation: ThresholdView, approval: ThresholdView }),
  }),
);

const TallyShape = {
  passed: z.boolean(),
  totals: CountView,
  participating: CountView,
  agree: CountView,
  oppose: CountView,
  abstain: CountView,
  checks: z.strictObject({
    participationOwners: z.boolean(),
    participationArea: z.boolean(),
    approvalOwners: z.boolean(),
    approvalArea: z.boolean(),
  }),
  missing: z.strictObject({ possible: z.boolean(), owners: Whole, area: AreaText }),
  conflicts: z.array(z.string()),
  conflictsCouldChange: z.boolean(),
  rules: RulesView,
};

/** A tally: the four checks, the five counts, what is still missing, and the co-owner conflicts. */
export const TallyView = named('Tally', z.strictObject(TallyShape));

const BallotStatus = z.enum(['open', 'closed', 'cancelled']);

const BallotShape = {
  id: z.string(),
  unitId: z.string(),
  title: z.string(),
  matter: z.enum(MATTERS),
  purpose: z.enum(BALLOT_PURPOSES),
  planVersion: z.number().int().min(1).optional(),
  status: BallotStatus,
  acceptingVotes: z.boolean(),
  opensAt: Instant,
  closesAt: Instant.optional(),
  minimumOpenDays: Whole,
  earliestCloseAt: Instant,
  closableAt: Instant,
  rules: RulesView,
  denominators: CountView,
  flats: Whole,
  votesRecorded: Whole,
  closedAt: Instant.optional(),
  late: z.boolean().optional(),
  cancelledAt: Instant.optional(),
  cancelReason: z.string().optional(),
  result: TallyView.optional(),
};

/** A ballot: status, dates, frozen rules and denominators, the count of votes, and once closed its result. */
export const BallotView = named('Ballot', z.strictObject(BallotShape));

/** `POST /ballots/:id/cancellation`: the cancelled ballot, the case's stage, and what was announced. */
export const BallotCancelledView = named(
  'BallotCancelled',
  z.strictObject({
    ...BallotShape,
    stage: StageView,
    announced: z.strictObject({
      group: z.enum(['queued', 'duplicate', 'no_group', 'not_cancelled']),
      privately: Whole,
    }),
  }),
);

/** `POST /ballots/:id/votes`: the receipt — the stored event's id, seq, hash and time, and what was recorded. */
export const VoteReceiptView = named(
  'VoteReceipt',
  z.strictObject({
    id: z.string(),
    ballotId: z.string(),
    room: z.string(),
    choice: z.enum(CHOICES),
    channel: z.enum(['wechat', 'miniprogram', ...ENTERED_VOTE_CHANNELS]),
    reference: z.string().optional(),
    receipt: z.strictObject({ seq: Whole, hash: z.string(), prevHash: z.string(), at: Instant }),
  }),
);

/** `GET /ballots/:id/tally`: live while the ballot is open, final once closed. */
export const BallotTallyView = named(
  'BallotTally',
  z.strictObject({
    ballotId: z.string(),
    status: BallotStatus,
    final: z.boolean(),
    asOfSeq: Whole,
    ...TallyShape,
  }),
);

/** Every channel a vote may come by: the chat, the mini-program, or entered by the committee. */
const VoteChannelView = z.enum(['wechat', 'miniprogram', ...ENTERED_VOTE_CHANNELS]);

/**
 * `GET /ballots/:id/record`: the record of a closed or cancelled ballot — each flat of its frozen
 * roster, what counts for it (`null`: it did not vote) and every vote it got, with the receipt code
 * the voter was shown and the event's full hash. `named` (the unit's committee, the administrator,
 * its own owners once it closed) adds the owners by name and who said each vote; phones never.
 */
export const NamedRecordView = named(
  'NamedRecord',
  z.strictObject({
    ballotId: z.string(),
    status: BallotStatus,
    named: z.boolean(),
    flats: z.array(
      z.strictObject({
        room: z.string(),
        floor: z.number().int(),
        owners: z.array(z.string()).optional(),
        counted: z.enum(CHOICES).nullable(),
        conflict: z.boolean(),
        votes: z.array(
          z.strictObject({
            choice: z.enum(CHOICES),
            channel: VoteChannelView,
            castAt: Instant,
            voterId: z.string().nullable(),
            reference: z.string().nullable(),
            proxyFor: z.string().nullable(),
            valid: z.boolean(),
            counts: z.boolean(),
            receipt: z.string(),
            hash: z.string(),
          }),
        ),
      }),
    ),
  }),
);

/**
 * `GET /ballots/:id/worklist`: the flats of an open ballot to visit, most urgent first (co-owners in
 * conflict, asked to vote again, unbound, bound but silent); to whoever sees names, with the owners'
 * names and masked phones, to other staff the rooms alone.
 */
export const WorklistView = named(
  'Worklist',
  z.strictObject({
    ballotId: z.string(),
    counts: z.strictObject({ conflict: Whole, reconfirm: Whole, unbound: Whole, notVoted: Whole }),
    flats: z.array(
      z.strictObject({
        room: z.string(),
        floor: z.number().int(),
        reason: z.enum(WORKLIST_REASONS),
        unbound: z.boolean(),
        owners: z
          .array(
            z.strictObject({
              name: z.string(),
              phone: z
                .string()
                .describe('Masked: only the first three and the last four digits shown (`138****0101`).')
                .optional(),
            }),
          )
          .optional(),
      }),
    ),
  }),
);
