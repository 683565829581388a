/** What a case knows of its works, its 使用单位, handover and use registration (domain.md §5). */
import { fail } from '../checks.js';
import type { Stage } from '../stages.js';
import type { UserUnitKind } from './commands.js';

/** One supervision inspection. */
export interface InspectionState {
  readonly inspectedOn: string;
  readonly passed: boolean;
  readonly defects: readonly string[];
  readonly reportRef?: string;
}

/** Pipeline relocation to completion acceptance (domain.md §5). */
export interface WorksState {
  readonly pipelineRelocations: readonly {
    readonly completedOn: string;
    readonly utilities: readonly string[];
  }[];
  readonly installationNotifiedOn?: string;
  readonly installer?: string;
  readonly constructionStartedOn?: string;
  readonly constructionCompletedOn?: string;
  readonly inspections: readonly InspectionState[];
  readonly inspectionPassedOn?: string;
  readonly completionAcceptedOn?: string;
}

/** The elevator's 使用单位 (HZ-2021 item 15). */
export interface UserUnitState {
  readonly name: string;
  readonly kind: UserUnitKind;
  readonly namedOn: string;
  readonly contact?: string;
}

/** Handover and use registration (domain.md §5). */
export interface ServiceState {
  readonly handedOverOn: string;
  readonly enteredUseOn: string;
  readonly useRegistrationDueOn: string;
  readonly documents: readonly string[];
  readonly registeredOn?: string;
  readonly certificateNo?: string;
  readonly registeredLate?: boolean;
}

/** The part of a case's state that its works, handover and registration keep. */
export interface WorksSlice {
  /** Pipeline relocation to completion acceptance, as recorded so far. */
  readonly works: WorksState;
  /** The elevator's 使用单位, once named (HZ-2021 item 15). */
  readonly userUnit?: UserUnitState;
  /** Handover and use registration, from the handover on. */
  readonly service?: ServiceState;
}

/** Refuses what needs a passed supervision inspection while works or inspection are under way. */
export function requireInspectionPassed(state: { readonly stage: Stage }): void {
  if (state.stage === 'works' || state.stage === 'inspection') {
    fail('supervision_inspection_not_passed', 'The elevator has not passed supervision inspection.', {
      stage: state.stage,
    });
  }
}
