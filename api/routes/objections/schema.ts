import { z } from 'zod';
import {
  CONTACT_ROLES,
  ENTERED_OBJECTION_CHANNELS,
  MEDIATION_LEVELS,
  MEDIATION_OUTCOMES,
  OBJECTION_GROUNDS,
  WITHDRAWN_BY,
} from '../../../domain/case/index.js';
import { named } from '../../openapi/registry.js';
import { KeyNumber, pagedList } from '../../pagination.js';
import { FlatOwner, Reason, Room, UnitParams } from '../units/schema.js';
import { Day as DayView, Instant, pageView, StageView, Whole } from '../views.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day such as 2025-03-25');

/** `POST /units/:unitId/agreement`: the signed agreement; publicity starts now. */
export const SignAgreementBody = z.object({
  signedOn: Day.optional(),
  publicityDays: z.number().int().min(1).max(90).optional(),
  agreementRef: z.string().trim().min(1).max(64).optional(),
});
export type SignAgreementBody = z.infer<typeof SignAgreementBody>;

/** Who filed a paper objection (personal data: stored in the case, shown to the admin, never logged). */
export const ObjectorBody = z.object({
  name: FlatOwner.shape.name.optional(),
  room: Room.optional(),
  phone: FlatOwner.shape.phone,
});

/**
 * `POST /units/:unitId/objections`: an objection the committee enters from paper (or took in person).
 * `named` defaults to whether the objector's name is given; a named objection must give it. `written`
 * defaults to true on paper; `filedAt` is when the committee received it (ISO-8601 with offset).
 */
export const FileObjectionBody = z
  .object({
    channel: z.enum(ENTERED_OBJECTION_CHANNELS).default('paper'),
    named: z.boolean().optional(),
    written: z.boolean().optional(),
    ground: z.enum(OBJECTION_GROUNDS),
    filedAt: z.iso
      .datetime({ offset: true, message: 'is an ISO-8601 instant such as 2025-03-26T02:00:00Z' })
      .transform((text) => new Date(text)),
    objector: ObjectorBody.default({}),
    summary: z.string().trim().min(1, 'is required').max(2000),
  })
  .refine((body) => body.named !== true || body.objector.name !== undefined, {
    path: ['objector', 'name'],
    message: 'is required for a named objection',
  });
export type FileObjectionBody = z.infer<typeof FileObjectionBody>;

/** `/units/:unitId/objections/:objectionId`: a unit and one of its objections (its reference, `YY-12`). */
export const ObjectionParams = UnitParams.extend({ objectionId: z.string().max(32) });
export type ObjectionParams = z.infer<typeof ObjectionParams>;

/** `POST /units/:unitId/objections/:objectionId/mediations`: one step of the mediation ladder. */
export const RecordMediationBody = z.object({
  level: z.enum(MEDIATION_LEVELS),
  heldOn: Day,
  participants: z.array(z.string().trim().min(1).max(100)).min(1).max(50),
  outcome: z.enum(MEDIATION_OUTCOMES),
  summary: z.string().trim().min(1).max(2000).optional(),
  recordRef: z.string().trim().min(1).max(64).optional(),
});
export type RecordMediationBody = z.infer<typeof RecordMediationBody>;

/**
 * `POST /units/:unitId/objections/:objectionId/withdrawal`: on whose word (`committee`, the default:
 * it was entered by mistake; `objector`: withdrawn in writing, `reference` naming that record) and why.
 */
export const WithdrawObjectionBody = z
  .object({
    by: z.enum(WITHDRAWN_BY).default('committee'),
    reason: Reason,
    reference: z.string().trim().min(1).max(64).optional(),
  })
  .refine((body) => body.by !== 'objector' || body.reference !== undefined, {
    path: ['reference'],
    message: "is required for the objector's own withdrawal",
  });
export type WithdrawObjectionBody = z.infer<typeof WithdrawObjectionBody>;

/** `/units/:unitId/objections/:objectionId/mediations/:step`: one mediation step, numbered from 1. */
export const MediationStepParams = ObjectionParams.extend({
  step: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'is a step number from 1, as listed')
    .transform((step) => Number(step)),
});
export type MediationStepParams = z.infer<typeof MediationStepParams>;

/** `POST /units/:unitId/objections/:objectionId/mediations/:step/withdrawal`: why. */
export const WithdrawMediationBody = z.object({ reason: Reason });
export type WithdrawMediationBody = z.infer<typeof WithdrawMediationBody>;

// ——— Answers ———

/** One mediation step, numbered from 1 as recorded; a withdrawn step stays, marked. */
const MediationView = z.strictObject({
  step: z.number().int().min(1),
  level: z.enum(MEDIATION_LEVELS),
  heldOn: DayView,
  participants: z.array(z.string()),
  outcome: z.enum(MEDIATION_OUTCOMES),
  summary: z.string().optional(),
  recordRef: z.string().optional(),
  withdrawn: z.boolean(),
  withdrawal: z.strictObject({ reason: z.string(), withdrawnAt: Instant }).optional(),
});

const ObjectionShape = {
  reference: z.string(),
  channel: z.enum(['wechat', 'miniprogram', ...ENTERED_OBJECTION_CHANNELS]),
  named: z.boolean(),
  written: z.boolean(),
  ground: z.enum(OBJECTION_GROUNDS),
  filedAt: Instant,
  effective: z.boolean(),
  ineffectiveReasons: z.array(z.enum(['anonymous', 'oral', 'outside_window', 'ground_not_covered'])),
  status: z.enum(['ineffective', 'open', 'resolved', 'withdrawn', 'closed_after_hearing']),
  /**
   * As the caller may see them: to whoever sees names (the unit's committee, the administrator) name,
   * room, chat contact and whether a phone is on file; to the objector's own flat its name and room;
   * to anyone else the room alone. A phone is never shown.
   */
  objector: z
    .strictObject({
      name: z.string().optional(),
      room: z.string().optional(),
      contactId: z.string().optional(),
      hasPhone: z.boolean().optional(),
    })
    .optional(),
  summary: z.string().optional(),
  acknowledgements: z.array(
    z.strictObject({ contactId: z.string(), role: z.enum(CONTACT_ROLES), acknowledgedAt: Instant }),
  ),
  mediations: z.array(MediationView),
  withdrawal: z
    .strictObject({
      by: z.enum(WITHDRAWN_BY),
      reason: z.string(),
      withdrawnAt: Instant,
      reference: z.string().optional(),
    })
    .optional(),
};

/** One objection: how it came, whether it counts and why not, its status, objector and mediation steps. */
export const ObjectionView = named('Objection', z.strictObject(ObjectionShape));

/** Whether the application may go forward as far as objections go: not while an effective one is open. */
const GateShape = { applicationBlocked: z.boolean(), openObjectionIds: z.array(z.string()) };

/** `POST /units/:unitId/objections`: the objection filed, and how many committee members were alerted. */
export const ObjectionFiledView = named(
  'ObjectionFiled',
  z.strictObject({ unitId: z.string(), ...ObjectionShape, alerted: Whole }),
);

/** A mediation step recorded or a withdrawal: the objection as it now stands, the stage and the gate. */
export const ObjectionChangedView = named(
  'ObjectionChanged',
  z.strictObject({ unitId: z.string(), objection: ObjectionView, stage: StageView, ...GateShape }),
);

/** The publicity period: started at `startedAt`, ends at 24:00 Asia/Shanghai of `endsOn` (`endsAt`). */
const PublicityView = z.strictObject({
  signedOn: DayView,
  startedAt: Instant,
  endsOn: DayView,
  endsAt: Instant,
  /** Its length in calendar days as signed (the end may fall later: a rest day moves it on). */
  days: Whole.optional(),
  endedAt: Instant.optional(),
});

/** `GET /units/:unitId/objections`: the publicity period, and a page of the objections in the order filed. */
export const ObjectionsView = pageView('Objections', ObjectionView, {
  unitId: z.string(),
  stage: StageView,
  publicity: PublicityView.optional(),
  ...GateShape,
});

/** `POST /units/:unitId/agreement`: the agreement signed; its publicity period and its announcement. */
export const AgreementView = named(
  'Agreement',
  z.strictObject({
    unitId: z.string(),
    stage: StageView,
    signedOn: DayView,
    publicity: z.strictObject({
      startedAt: Instant,
      endsOn: DayView,
      endsAt: Instant,
      days: z.number().int().min(1),
      provisional: z.boolean(),
    }),
    announcement: z.enum(['queued', 'duplicate', 'no_group']),
    seq: Whole,
  }),
);

/** `GET /units/:unitId/objections` pages the objections in the order filed, by their position (from 1). */
export const ObjectionsList = pagedList('objections', z.tuple([KeyNumber]));
