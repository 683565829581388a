import type { SignAgreementResult } from '../../commands/sign-agreement.js';
import {
  openObjections,
  type CaseState,
  type Objector,
  type ObjectionState,
  type PersonalDataView,
} from '../../domain/case/index.js';

/**
 * The objector as `view` allows: to whoever sees names (the committee of the unit's community, the
 * administrator) their name, room, chat contact and whether a phone is on file (personal data, shown
 * here only, never logged); to the objector's own flat, their name and room; to anyone else the room
 * alone (a named objection is named to the committee, not to the neighbours).
 */
function presentObjector(objector: Objector, view: PersonalDataView) {
  const own = objector.room !== undefined && view.ownRooms.includes(objector.room);
  return {
    ...(objector.name === undefined || !(view.names || own) ? {} : { name: objector.name }),
    ...(objector.room === undefined ? {} : { room: objector.room }),
    ...(objector.contactId === undefined || !view.names ? {} : { contactId: objector.contactId }),
    ...(view.names || own ? { hasPhone: objector.phone !== undefined } : {}),
  };
}

/**
 * Shows one objection (its objector as `view` allows): its reference, how it came,
 * whether it counts and why not, its status, the objector (name, room, whether a phone is on file),
 * who acknowledged the alert and each mediation step (numbered from 1, as recorded). A withdrawal
 * shows as it was recorded (on whose word, when, why), on the objection or on its step: nothing
 * withdrawn disappears.
 */
export function presentObjection(objection: ObjectionState, view: PersonalDataView) {
  return {
    reference: objection.objectionId,
    channel: objection.channel,
    named: objection.named,
    written: objection.written,
    ground: objection.ground,
    filedAt: objection.filedAt,
    effective: objection.effective,
    ineffectiveReasons: [...objection.ineffectiveReasons],
    status: objection.status,
    ...(objection.objector === undefined ? {} : { objector: presentObjector(objection.objector, view) }),
    ...(objection.summary === undefined ? {} : { summary: objection.summary }),
    acknowledgements: (objection.acknowledgements ?? []).map((ack) => ({ ...ack })),
    mediations: objection.mediations.map((session, index) => ({
      step: index + 1,
      ...session,
      participants: [...session.participants],
      withdrawn: session.withdrawal !== undefined,
      ...(session.withdrawal === undefined ? {} : { withdrawal: { ...session.withdrawal } }),
    })),
    ...(objection.withdrawal === undefined ? {} : { withdrawal: { ...objection.withdrawal } }),
  };
}

/**
 * Whether the application may go forward as far as objections go (domain.md §3): closed while an
 * effective objection is open.
 */
export function presentObjectionGate(state: CaseState) {
  const open = openObjections(state).map((objection) => objection.objectionId);
  return { applicationBlocked: open.length > 0, openObjectionIds: open };
}

/**
 * What a page of the unit's objections is shown with: the unit's stage, its publicity period and
 * whether the application is blocked (`presentObjectionGate`, over every objection, not the page's).
 */
export function presentObjectionsContext(unitId: string, state: CaseState) {
  return {
    unitId,
    stage: state.stage,
    ...(state.publicity === undefined ? {} : { publicity: { ...state.publicity } }),
    ...presentObjectionGate(state),
  };
}

/** Shows a signed agreement: the publicity period (end at 24:00 Asia/Shanghai of `endsOn`). */
export function presentAgreement(signed: SignAgreementResult) {
  return {
    unitId: signed.unitId,
    stage: signed.state.stage,
    signedOn: signed.publicity.signedOn,
    publicity: {
      startedAt: signed.publicity.startedAt,
      endsOn: signed.publicity.endsOn,
      endsAt: signed.publicity.endsAt,
      days: signed.publicityDays,
      provisional: signed.provisional,
    },
    announcement: signed.announcement,
    seq: signed.event.seq,
  };
}
