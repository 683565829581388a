/** The events from pipeline relocation to use registration (domain.md §5). */
import type { UserUnitKind } from './commands.js';

/** The data of each works event, by event type. */
export interface WorksEventData {
  /** Pipeline relocation was done (or found unnecessary: empty `utilities`). */
  PipelineRelocationRecorded: {
    readonly completedOn: string;
    readonly utilities: readonly string[];
    readonly note?: string;
  };
  /** Market supervision was notified of the installation. */
  InstallationNotified: {
    readonly notifiedOn: string;
    readonly installer: string;
    readonly reference?: string;
  };
  /** Construction started. */
  ConstructionStarted: { readonly startedOn: string };
  /** Construction finished. */
  ConstructionCompleted: { readonly completedOn: string };
  /** A supervision inspection was recorded, passed or not. */
  SupervisionInspectionRecorded: {
    readonly inspectedOn: string;
    readonly passed: boolean;
    readonly defects: readonly string[];
    readonly reportRef?: string;
  };
  /** Completion acceptance was done. */
  CompletionAccepted: { readonly acceptedOn: string; readonly reportRef?: string };
  /** The 使用单位 was named (or changed). */
  UserUnitNamed: {
    readonly name: string;
    readonly kind: UserUnitKind;
    readonly namedOn: string;
    readonly contact?: string;
  };
  /** Keys and documents were handed over; the elevator entered use. */
  HandedOver: {
    readonly handedOverOn: string;
    readonly enteredUseOn: string;
    readonly useRegistrationDueOn: string;
    readonly documents: readonly string[];
    readonly userUnit: string;
  };
  /** Use was registered with market supervision. */
  UseRegistered: { readonly registeredOn: string; readonly certificateNo?: string; readonly late: boolean };
}
