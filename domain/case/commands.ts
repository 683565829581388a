/**
 * The commands of a case: what someone asks the project to do, in imperative names. Each is
 * `{ type, data }`; `decide` turns it into at most one event or refuses it with a `DomainError`.
 * Instants are `Date` (UTC) named `…At`; calendar days are `YYYY-MM-DD` (Asia/Shanghai) named `…On`.
 * Deadlines that need the working-day calendar (publicity end, joint-review due day, use-registration
 * due day) are computed by the command layer with `domain/calendar` and passed in; the decider stores
 * what it is given.
 */
import type { UnitCommandData } from './unit/commands.js';
import type { BindingCommandData } from './bindings/commands.js';
import type { PlanCommandData } from './plans/commands.js';
import type { BallotCommandData } from './ballots/commands.js';
import type { PublicityCommandData } from './publicity/commands.js';
import type { ApplicationCommandData } from './application/commands.js';
import type { WorksCommandData } from './works/commands.js';
import type { PaymentCommandData } from './payments/commands.js';
import type { DocumentCommandData } from './documents/commands.js';
import type { ClaimCommandData } from './claims/commands.js';
import type { ElevatorCommandData } from './elevator/commands.js';
import type { RunningCommandData } from './running/commands.js';
import type { AlertCommandData } from './alerts/commands.js';

/**
 * The data of each command, by command type: every concern's commands together. An interface that
 * extends them, so two concerns that name the same command do not compile.
 */
export interface CaseCommandData
  extends
    UnitCommandData,
    BindingCommandData,
    PlanCommandData,
    BallotCommandData,
    PublicityCommandData,
    ApplicationCommandData,
    WorksCommandData,
    PaymentCommandData,
    DocumentCommandData,
    ClaimCommandData,
    ElevatorCommandData,
    RunningCommandData,
    AlertCommandData {}

/** Every command type. */
export type CaseCommandType = keyof CaseCommandData;

/** A command of a case: a discriminated union on `type`. */
export type CaseCommand = {
  [K in CaseCommandType]: { readonly type: K; readonly data: CaseCommandData[K] };
}[CaseCommandType];

/** The command of one type. */
export type CaseCommandOf<K extends CaseCommandType> = Extract<CaseCommand, { type: K }>;
