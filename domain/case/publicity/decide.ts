/**
 * Signing the agreement and running its publicity, recording objections and their mediation (domain.md
 * §3; HZ-2021 items 5–6): no agreement before the elevator ballot passed; publicity ends only at
 * `publicityEndsAt`; objections are always recorded, effective only when named, written, in the window
 * and on a covered ground; mediation climbs the ladder in order, and a hearing is recorded in full.
 */
import { shanghaiDayOf } from '../../calendar/index.js';
import { requireRole, rolesOf } from '../policies.js';
import {
  day,
  defined,
  fail,
  instant,
  invalid,
  items,
  pastInstant,
  requireRegistered,
  requireStage,
  text,
} from '../checks.js';
import type { Handlers } from '../state.js';
import type { PublicityCommandData } from './commands.js';
import type { PublicityEventData } from './events.js';
import {
  assessObjection,
  nextMediationLevels,
  statusAfterMediation,
  type ObjectionStatus,
} from './objections.js';
import {
  findObjection,
  openObjections,
  requirePublicity,
  standingMediations,
  type MediationSession,
  type ObjectionState,
} from './state.js';
import type { CaseState } from '../state.js';

type Handler<K extends keyof PublicityCommandData> = Handlers<PublicityCommandData, PublicityEventData>[K];

const signAgreement: Handler<'SignAgreement'> = (data, state, now) => {
  requireRegistered(state);
  if (state.passedElevatorBallotId === undefined) {
    fail('vote_not_passed', 'The project agreement follows a passed elevator ballot.', {
      stage: state.stage,
    });
  }
  requireStage(state, ['agreement']);
  const signedOn = day(data.signedOn, 'signedOn');
  if (signedOn > shanghaiDayOf(now)) invalid('signedOn', 'signedOn is today or a day before.');
  const publicityEndsOn = day(data.publicityEndsOn, 'publicityEndsOn');
  if (publicityEndsOn <= signedOn) invalid('publicityEndsOn', 'Publicity ends after the day it starts.');
  const publicityEndsAt = instant(data.publicityEndsAt, 'publicityEndsAt');
  if (data.publicityEndsAt.getTime() <= now.getTime())
    invalid('publicityEndsAt', 'Publicity ends in the future.');
  if (
    data.publicityDays !== undefined &&
    (!Number.isSafeInteger(data.publicityDays) || data.publicityDays < 1)
  ) {
    invalid('publicityDays', 'publicityDays is a whole number of at least 1.');
  }
  return [
    {
      type: 'AgreementSigned',
      data: defined({
        signedOn,
        ballotId: state.passedElevatorBallotId,
        publicityStartedAt: now.toISOString(),
        publicityEndsOn,
        publicityEndsAt,
        publicityDays: data.publicityDays,
        agreementRef: data.agreementRef,
      }),
    },
  ];
};

const endPublicity: Handler<'EndPublicity'> = (_data, state, now) => {
  const publicity = requirePublicity(state);
  if (now.toISOString() < publicity.endsAt) {
    fail('publicity_not_over', `Publicity runs until ${publicity.endsAt}.`, {
      publicityEndsOn: publicity.endsOn,
      publicityEndsAt: publicity.endsAt,
    });
  }
  const openObjectionIds = openObjections(state).map((objection) => objection.objectionId);
  return [{ type: 'PublicityEnded', data: { endedAt: now.toISOString(), openObjectionIds } }];
};

const fileObjection: Handler<'FileObjection'> = (data, state, now) => {
  requireRegistered(state);
  const objectionId = text(data.objectionId, 'objectionId');
  if (findObjection(state, objectionId) !== undefined) {
    fail('objection_already_filed', `Objection ${objectionId} is already recorded.`, { objectionId });
  }
  const filedAt = pastInstant(data.filedAt, 'filedAt', now);
  if (state.registeredAt !== undefined && filedAt < state.registeredAt) {
    invalid('filedAt', 'filedAt is before the case began (the unit was registered).');
  }
  if (data.channel === 'wechat' && ((data.messageId ?? '') === '' || (data.text ?? '') === '')) {
    fail('message_not_kept', 'A chat objection is kept verbatim with its message id.');
  }
  const window =
    state.publicity === undefined
      ? undefined
      : { startsAt: new Date(state.publicity.startedAt), endsAt: new Date(state.publicity.endsAt) };
  const { effective, ineffectiveReasons } = assessObjection(
    { named: data.named, written: data.written, ground: data.ground, filedAt: data.filedAt },
    window,
  );
  return [
    {
      type: 'ObjectionFiled',
      data: defined({
        objectionId,
        named: data.named,
        written: data.written,
        ground: data.ground,
        channel: data.channel,
        filedAt,
        recordedAt: now.toISOString(),
        effective,
        ineffectiveReason: ineffectiveReasons[0],
        ineffectiveReasons: [...ineffectiveReasons],
        objector: data.objector === undefined ? undefined : defined({ ...data.objector }),
        summary: data.summary,
        messageId: data.messageId,
        text: data.text,
      }),
    },
  ];
};

const acknowledgeObjection: Handler<'AcknowledgeObjection'> = (data, state, now) => {
  requireRegistered(state);
  const objection = findObjection(state, data.objectionId);
  if (objection === undefined) {
    fail('objection_not_found', `No objection ${data.objectionId}.`, { objectionId: data.objectionId });
  }
  const contactId = text(data.contactId, 'contactId');
  // The committee receives objections (domain.md §3); the applicant representative answers them.
  const role = requireRole('acknowledge_objection', { roles: rolesOf(state, contactId) });
  // Acknowledging again changes nothing.
  if ((objection.acknowledgements ?? []).some((ack) => ack.contactId === contactId)) return [];
  return [
    {
      type: 'ObjectionAcknowledged',
      data: { objectionId: objection.objectionId, contactId, role, acknowledgedAt: now.toISOString() },
    },
  ];
};

/** The objection with this id, or `objection_not_found`. */
function requireObjection(state: CaseState, objectionId: string): ObjectionState {
  const objection = findObjection(state, objectionId);
  if (objection === undefined) {
    fail('objection_not_found', `No objection ${objectionId}.`, { objectionId });
  }
  return objection;
}

const recordMediation: Handler<'RecordMediation'> = (data, state, now) => {
  requireRegistered(state);
  const objection = requireObjection(state, data.objectionId);
  if (!objection.effective) {
    fail('objection_not_effective', 'Mediation is recorded for effective objections.', {
      objectionId: objection.objectionId,
      ineffectiveReasons: objection.ineffectiveReasons,
    });
  }
  if (objection.status !== 'open') {
    fail('objection_closed', `Objection ${objection.objectionId} is ${objection.status}.`, {
      objectionId: objection.objectionId,
      status: objection.status,
    });
  }
  const standing = standingMediations(objection);
  const allowed = nextMediationLevels(standing.map((session) => session.level));
  if (!allowed.includes(data.level)) {
    fail('mediation_out_of_order', `The next session is at ${allowed.join(' or ')}.`, {
      level: data.level,
      allowed,
    });
  }
  if (data.level === 'hearing' && (data.recordRef ?? '').trim() === '') {
    fail('hearing_not_recorded', 'A hearing is recorded in full (HZ-2021 item 6).');
  }
  const heldOn = day(data.heldOn, 'heldOn');
  if (heldOn > shanghaiDayOf(now)) invalid('heldOn', 'heldOn is today or a day before.');
  if (heldOn < shanghaiDayOf(new Date(objection.filedAt))) {
    invalid('heldOn', 'heldOn is not before the objection was filed.');
  }
  const previousHeldOn = standing.at(-1)?.heldOn;
  if (previousHeldOn !== undefined && heldOn < previousHeldOn) {
    fail('mediation_before_previous', `The step before was held on ${previousHeldOn}.`, {
      objectionId: objection.objectionId,
      heldOn,
      previousHeldOn,
    });
  }
  return [
    {
      type: 'MediationRecorded',
      data: defined({
        objectionId: objection.objectionId,
        level: data.level,
        heldOn,
        participants: items(data.participants, 'participants', true),
        outcome: data.outcome,
        objectionStatus: statusAfterMediation(data.level, data.outcome),
        recordedAt: now.toISOString(),
        summary: data.summary,
        recordRef: data.recordRef,
      }),
    },
  ];
};

const withdrawObjection: Handler<'WithdrawObjection'> = (data, state, now) => {
  requireRegistered(state);
  const objection = requireObjection(state, data.objectionId);
  if (objection.status === 'withdrawn') {
    fail('objection_already_withdrawn', `Objection ${objection.objectionId} is already withdrawn.`, {
      objectionId: objection.objectionId,
    });
  }
  if (data.by !== 'committee' && data.by !== 'objector') invalid('by', 'by is committee or objector.');
  const reason = text(data.reason, 'reason');
  const reference = data.reference === undefined ? undefined : text(data.reference, 'reference');
  if (data.by === 'objector' && reference === undefined) {
    invalid('reference', "An objector's withdrawal names its written record.");
  }
  return [
    {
      type: 'ObjectionWithdrawn',
      data: defined({
        objectionId: objection.objectionId,
        by: data.by,
        reason,
        withdrawnAt: now.toISOString(),
        reference,
      }),
    },
  ];
};

/** Where an effective objection stands on the steps given: the last one's verdict, or open. */
function statusAfterSteps(steps: readonly MediationSession[]): ObjectionStatus {
  const last = steps.at(-1);
  return last === undefined ? 'open' : statusAfterMediation(last.level, last.outcome);
}

/**
 * A withdrawn step that had ended its objection opens it again: only while the objections still hold
 * the case (publicity, objections), or at the application before one is submitted (the case goes back
 * to `objections`). Later, the district already has the application: refused.
 */
function requireReopenable(state: CaseState): void {
  if (state.stage === 'application' && state.application !== undefined) {
    fail('application_already_submitted', 'The application went forward on this objection being closed.');
  }
  requireStage(state, ['publicity', 'objections', 'application']);
}

const withdrawMediation: Handler<'WithdrawMediation'> = (data, state, now) => {
  requireRegistered(state);
  const objection = requireObjection(state, data.objectionId);
  const { objectionId } = objection;
  if (objection.withdrawal !== undefined) {
    fail('objection_already_withdrawn', `Objection ${objectionId} is withdrawn.`, { objectionId });
  }
  const step = data.step;
  if (!Number.isSafeInteger(step) || step < 1 || step > objection.mediations.length) {
    fail('mediation_step_not_found', `Objection ${objectionId} has no mediation step ${step}.`, {
      objectionId,
      step,
    });
  }
  const latestIndex = objection.mediations.findLastIndex((session) => session.withdrawal === undefined);
  if (step !== latestIndex + 1) {
    fail(
      'mediation_not_latest',
      `Only the latest standing step of objection ${objectionId} may be withdrawn.`,
      defined({ objectionId, step, latest: latestIndex < 0 ? undefined : latestIndex + 1 }),
    );
  }
  const reason = text(data.reason, 'reason');
  const objectionStatus = statusAfterSteps(standingMediations(objection).slice(0, -1));
  if (objectionStatus === 'open' && objection.status !== 'open') requireReopenable(state);
  return [
    {
      type: 'MediationWithdrawn',
      data: { objectionId, step, reason, withdrawnAt: now.toISOString(), objectionStatus },
    },
  ];
};

/** The publicity command handlers. */
export const publicityHandlers: Handlers<PublicityCommandData, PublicityEventData> = {
  SignAgreement: signAgreement,
  EndPublicity: endPublicity,
  FileObjection: fileObjection,
  AcknowledgeObjection: acknowledgeObjection,
  RecordMediation: recordMediation,
  WithdrawObjection: withdrawObjection,
  WithdrawMediation: withdrawMediation,
};
