/**
 * The events of a case: facts in past-tense names, appended to the case's one stream (conventions.md
 * §8). Each is `{ type, data }`; the stream adds actor, channel, `at` and the hash chain around it.
 * Data is JSON-safe: strings, integers, booleans, arrays and plain objects, no `undefined` values;
 * instants are ISO-8601 UTC strings named `…At`, calendar days `YYYY-MM-DD` named `…On`.
 */
import type { AlertKind, AlertLevel } from './commands.js';
import type { ClockSettings } from '../clocks/settings.js';
import type { BindingEventData } from './bindings/events.js';
import type { BallotEventData } from './ballots/events.js';
import type { PlanEventData } from './plans/events.js';
import type { PublicityEventData } from './publicity/events.js';
import type { ApplicationEventData } from './application/events.js';
import type { UnitEventData } from './unit/events.js';
import type { WorksEventData } from './works/events.js';

/** The data of each event, by event type. */
export interface CaseEventData
  extends
    WorksEventData,
    ApplicationEventData,
    PublicityEventData,
    PlanEventData,
    BallotEventData,
    BindingEventData,
    UnitEventData {
  /** The unit's clock settings changed; `settings` is the whole new set. */
  ClockSettingsChanged: { readonly settings: ClockSettings; readonly changedAt: string };
  /** An alert was raised to the residents' committee. */
  AlertRaised: {
    readonly alertId: string;
    readonly kind: AlertKind;
    readonly key: string;
    readonly level: AlertLevel;
    readonly ballotId?: string;
    readonly objectionId?: string;
    readonly raisedAt: string;
  };
  /** An alert was acknowledged at its level. */
  AlertAcknowledged: {
    readonly alertId: string;
    readonly level: AlertLevel;
    readonly by: string;
    readonly acknowledgedAt: string;
  };
  /** An alert no one acknowledged in time went one level up. */
  AlertEscalated: {
    readonly alertId: string;
    readonly from: AlertLevel;
    readonly to: AlertLevel;
    readonly escalatedAt: string;
  };
}

/** Every event type. */
export type CaseEventType = keyof CaseEventData;

/** An event of a case: a discriminated union on `type`. */
export type CaseEvent = {
  [K in CaseEventType]: { readonly type: K; readonly data: CaseEventData[K] };
}[CaseEventType];

/** The event of one type. */
export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;
