/**
 * Folding the application's events: materials and what is outstanding, the joint review's opinions and
 * conclusion (a rejected application is dropped and prepared again).
 */
import type { CaseState, Evolvers } from '../state.js';
import type { ApplicationEventData } from './events.js';
import type { ApplicationState, JointReviewState } from './state.js';

function notifyIncomplete(
  application: ApplicationState,
  data: ApplicationEventData['IncompleteMaterialsNotified'],
): ApplicationState {
  return {
    ...application,
    outstanding: [...new Set([...application.outstanding, ...data.missing])],
    awaitingSupplement: true,
    notices: application.notices + 1,
    notifiedOn: data.notifiedOn,
  };
}

function supplement(
  application: ApplicationState,
  data: ApplicationEventData['MaterialsSupplemented'],
): ApplicationState {
  return {
    ...application,
    materials: [...application.materials, ...data.materials],
    outstanding: application.outstanding.filter((item) => !data.materials.includes(item)),
    awaitingSupplement: false,
  };
}

function withApplication(
  state: CaseState,
  update: (application: ApplicationState) => ApplicationState,
): CaseState {
  return state.application === undefined ? state : { ...state, application: update(state.application) };
}

/** The application event folders. */
export const applicationEvolvers: Evolvers<ApplicationEventData> = {
  ApplicationSubmitted: (state, data) => ({
    ...state,
    application: {
      submittedOn: data.submittedOn,
      materials: data.materials,
      outstanding: [],
      awaitingSupplement: false,
      notices: 0,
      departments: [],
      opinions: [],
    },
  }),
  IncompleteMaterialsNotified: (state, data) =>
    withApplication(state, (application) => notifyIncomplete(application, data)),
  MaterialsSupplemented: (state, data) =>
    withApplication(state, (application) => supplement(application, data)),
  ApplicationAccepted: (state, data) => ({
    ...withApplication(state, (application) => ({
      ...application,
      acceptedOn: data.acceptedOn,
      departments: data.departments,
      ...(data.reviewDueOn === undefined ? {} : { reviewDueOn: data.reviewDueOn }),
    })),
    stage: 'joint_review',
  }),
  ReviewOpinionRecorded: (state, data) =>
    withApplication(state, (application) => ({
      ...application,
      opinions: [...application.opinions, data],
    })),
  JointReviewConcluded: (state, data) => {
    const jointReview: JointReviewState = data;
    if (data.decision === 'approved') return { ...state, stage: 'approved', jointReview };
    // A rejected application is prepared and submitted again.
    const { application: _rejected, ...rest } = state;
    return { ...rest, stage: 'application', jointReview };
  },
};
