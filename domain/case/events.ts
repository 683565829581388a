/**
 * The events of a case: facts in past-tense names, appended to the case's one stream (conventions.md
 * §8). Each is `{ type, data }`; the stream adds actor, channel, `at` and the hash chain around it.
 * Data is JSON-safe: strings, integers, booleans, arrays and plain objects, no `undefined` values;
 * instants are ISO-8601 UTC strings named `…At`, calendar days `YYYY-MM-DD` named `…On`.
 */
import type { UnitEventData } from './unit/events.js';
import type { BindingEventData } from './bindings/events.js';
import type { PlanEventData } from './plans/events.js';
import type { BallotEventData } from './ballots/events.js';
import type { PublicityEventData } from './publicity/events.js';
import type { ApplicationEventData } from './application/events.js';
import type { WorksEventData } from './works/events.js';
import type { PaymentEventData } from './payments/events.js';
import type { DocumentEventData } from './documents/events.js';
import type { ClaimEventData } from './claims/events.js';
import type { ElevatorEventData } from './elevator/events.js';
import type { RunningEventData } from './running/events.js';
import type { AlertEventData } from './alerts/events.js';

/**
 * The data of each event, by event type: every concern's events together. An interface that extends
 * them, so two concerns that name the same event do not compile.
 */
export interface CaseEventData
  extends
    UnitEventData,
    BindingEventData,
    PlanEventData,
    BallotEventData,
    PublicityEventData,
    ApplicationEventData,
    WorksEventData,
    PaymentEventData,
    DocumentEventData,
    ClaimEventData,
    ElevatorEventData,
    RunningEventData,
    AlertEventData {}

/** Every event type. */
export type CaseEventType = keyof CaseEventData;

/** An event of a case: a discriminated union on `type`. */
export type CaseEvent = {
  [K in CaseEventType]: { readonly type: K; readonly data: CaseEventData[K] };
}[CaseEventType];

/** The event of one type. */
export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;
