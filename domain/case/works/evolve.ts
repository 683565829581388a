/** Folding the works' events: each step's day, inspections in order, and the stage moves (domain.md §5). */
import type { CaseState, Evolvers } from '../state.js';
import type { WorksEventData } from './events.js';
import type { WorksState } from './state.js';

function withWorks(state: CaseState, works: Partial<WorksState>): CaseState {
  return { ...state, works: { ...state.works, ...works } };
}

/** The works event folders. */
export const worksEvolvers: Evolvers<WorksEventData> = {
  PipelineRelocationRecorded: (state, data) =>
    withWorks(state, {
      pipelineRelocations: [
        ...state.works.pipelineRelocations,
        { completedOn: data.completedOn, utilities: data.utilities },
      ],
    }),
  InstallationNotified: (state, data) =>
    withWorks(state, { installationNotifiedOn: data.notifiedOn, installer: data.installer }),
  ConstructionStarted: (state, data) => ({
    ...withWorks(state, { constructionStartedOn: data.startedOn }),
    stage: 'works',
  }),
  ConstructionCompleted: (state, data) => ({
    ...withWorks(state, { constructionCompletedOn: data.completedOn }),
    stage: 'inspection',
  }),
  SupervisionInspectionRecorded: (state, data) => {
    const inspections = [...state.works.inspections, data];
    if (!data.passed) return withWorks(state, { inspections });
    return {
      ...withWorks(state, { inspections, inspectionPassedOn: data.inspectedOn }),
      stage: 'acceptance',
    };
  },
  CompletionAccepted: (state, data) => ({
    ...withWorks(state, { completionAcceptedOn: data.acceptedOn }),
    stage: 'handover',
  }),
  UserUnitNamed: (state, data) => ({ ...state, userUnit: data }),
  HandedOver: (state, data) => ({
    ...state,
    stage: 'registration',
    service: {
      handedOverOn: data.handedOverOn,
      enteredUseOn: data.enteredUseOn,
      useRegistrationDueOn: data.useRegistrationDueOn,
      documents: data.documents,
    },
  }),
  UseRegistered: (state, data) => ({
    ...state,
    stage: 'in_service',
    ...(state.service === undefined
      ? {}
      : {
          service: {
            ...state.service,
            registeredOn: data.registeredOn,
            registeredLate: data.late,
            ...(data.certificateNo === undefined ? {} : { certificateNo: data.certificateNo }),
          },
        }),
  }),
};
