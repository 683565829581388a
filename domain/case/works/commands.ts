/**
 * The commands from pipeline relocation to use registration (domain.md §5; HZ-2021 items 9, 14, 15):
 * relocation, the installation notice, construction, supervision inspection, completion acceptance,
 * the 使用单位, handover and use registration.
 */

/** Who acts as the elevator's 使用单位 (HZ-2021 item 15): an entrusted manager, or a person the owners name. */
export type UserUnitKind = 'entrusted_manager' | 'named_person';

/** The data of each works command, by command type. */
export interface WorksCommandData {
  /** Pipeline relocation done; an empty `utilities` list records that none was needed (domain.md §5). */
  RecordPipelineRelocation: {
    readonly completedOn: string;
    readonly utilities: readonly string[];
    readonly note?: string;
  };
  /** The installer's written installation notice to market supervision (HZ-2021 item 14). */
  NotifyInstallation: {
    readonly notifiedOn: string;
    readonly installer: string;
    readonly reference?: string;
  };
  /** Construction starts (domain.md §5). */
  StartConstruction: { readonly startedOn: string };
  /** Construction is finished and awaits supervision inspection. */
  CompleteConstruction: { readonly completedOn: string };
  /** A supervision inspection (监督检验) result; a failed one may be followed by another (HZ-2021 item 14). */
  RecordSupervisionInspection: {
    readonly inspectedOn: string;
    readonly passed: boolean;
    readonly reportRef?: string;
    readonly defects?: readonly string[];
  };
  /** Completion acceptance (竣工验收), after a passing inspection. */
  AcceptCompletion: { readonly acceptedOn: string; readonly reportRef?: string };
  /** Names (or changes) the elevator's 使用单位 (HZ-2021 item 15). */
  NameUserUnit: {
    readonly name: string;
    readonly kind: UserUnitKind;
    readonly namedOn: string;
    readonly contact?: string;
  };
  /**
   * Hands over keys and documents; the elevator enters use. `useRegistrationDueOn` (30 days after
   * entering use, domain.md §5) is computed by the command layer.
   */
  HandOver: {
    readonly handedOverOn: string;
    readonly enteredUseOn: string;
    readonly useRegistrationDueOn: string;
    readonly documents?: readonly string[];
  };
  /** Use registration with market supervision (domain.md §5). */
  RegisterUse: { readonly registeredOn: string; readonly certificateNo?: string };
}
