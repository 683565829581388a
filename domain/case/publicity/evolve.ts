/**
 * Folding publicity's events: the period, each objection with its acknowledgements and mediation, and
 * the stage moves (effective objections still open hold the case at `objections`, domain.md §3).
 */
import type { CaseState, Evolvers } from '../state.js';
import type { PublicityEventData } from './events.js';
import { openObjections, type ObjectionState } from './state.js';

function fileObjection(state: CaseState, data: PublicityEventData['ObjectionFiled']): CaseState {
  const objection: ObjectionState = {
    objectionId: data.objectionId,
    named: data.named,
    written: data.written,
    ground: data.ground,
    channel: data.channel,
    filedAt: data.filedAt,
    effective: data.effective,
    ineffectiveReasons: data.ineffectiveReasons,
    status: data.effective ? 'open' : 'ineffective',
    mediations: [],
    ...(data.objector === undefined ? {} : { objector: data.objector }),
    ...(data.summary === undefined ? {} : { summary: data.summary }),
  };
  return { ...state, objections: [...state.objections, objection] };
}

function acknowledgeObjection(
  state: CaseState,
  data: PublicityEventData['ObjectionAcknowledged'],
): CaseState {
  const { objectionId, ...acknowledgement } = data;
  const objections = state.objections.map((objection) =>
    objection.objectionId === objectionId
      ? { ...objection, acknowledgements: [...(objection.acknowledgements ?? []), acknowledgement] }
      : objection,
  );
  return { ...state, objections };
}

function recordMediation(state: CaseState, data: PublicityEventData['MediationRecorded']): CaseState {
  const { objectionId, objectionStatus, recordedAt: _recordedAt, ...session } = data;
  const objections = state.objections.map((objection) =>
    objection.objectionId === objectionId
      ? { ...objection, status: objectionStatus, mediations: [...objection.mediations, session] }
      : objection,
  );
  const next = { ...state, objections };
  // The last effective objection closing lets the application go forward (domain.md §3).
  return next.stage === 'objections' && openObjections(next).length === 0
    ? { ...next, stage: 'application' }
    : next;
}

/** The state with one objection replaced by `update` of it (an unknown objection changes nothing). */
function withObjection(
  state: CaseState,
  objectionId: string,
  update: (objection: ObjectionState) => ObjectionState,
): CaseState {
  return {
    ...state,
    objections: state.objections.map((objection) =>
      objection.objectionId === objectionId ? update(objection) : objection,
    ),
  };
}

function withdrawObjection(state: CaseState, data: PublicityEventData['ObjectionWithdrawn']): CaseState {
  const { objectionId, ...withdrawal } = data;
  const next = withObjection(state, objectionId, (objection) => ({
    ...objection,
    status: 'withdrawn',
    withdrawal,
  }));
  // A withdrawn effective objection no longer holds the application back (domain.md §3).
  return next.stage === 'objections' && openObjections(next).length === 0
    ? { ...next, stage: 'application' }
    : next;
}

function withdrawMediation(state: CaseState, data: PublicityEventData['MediationWithdrawn']): CaseState {
  const { objectionId, step, reason, withdrawnAt, objectionStatus } = data;
  const next = withObjection(state, objectionId, (objection) => ({
    ...objection,
    status: objectionStatus,
    mediations: objection.mediations.map((session, index) =>
      index === step - 1 ? { ...session, withdrawal: { reason, withdrawnAt } } : session,
    ),
  }));
  const open = openObjections(next).length;
  // The objection the step had closed is open again: the application (not yet submitted) waits.
  if (next.stage === 'application' && open > 0) return { ...next, stage: 'objections' };
  return next.stage === 'objections' && open === 0 ? { ...next, stage: 'application' } : next;
}

/** The publicity event folders. */
export const publicityEvolvers: Evolvers<PublicityEventData> = {
  AgreementSigned: (state, data) => ({
    ...state,
    stage: 'publicity',
    publicity: {
      signedOn: data.signedOn,
      startedAt: data.publicityStartedAt,
      endsOn: data.publicityEndsOn,
      endsAt: data.publicityEndsAt,
      ...(data.publicityDays === undefined ? {} : { days: data.publicityDays }),
    },
  }),
  ObjectionFiled: fileObjection,
  ObjectionAcknowledged: acknowledgeObjection,
  MediationRecorded: recordMediation,
  ObjectionWithdrawn: withdrawObjection,
  MediationWithdrawn: withdrawMediation,
  PublicityEnded: (state, data) => ({
    ...state,
    stage: data.openObjectionIds.length > 0 ? 'objections' : 'application',
    ...(state.publicity === undefined ? {} : { publicity: { ...state.publicity, endedAt: data.endedAt } }),
  }),
};
