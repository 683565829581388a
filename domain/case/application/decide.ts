/**
 * The application and its joint review (domain.md §4; HZ-2021 item 7): it goes forward only after
 * publicity and every effective objection (domain.md §3); missing materials are notified once, listing
 * everything (一次性告知补正); approval needs every convened department's written opinion and none against.
 */
import { day, defined, fail, items, requireStage } from '../checks.js';
import { openObjections, runningPublicity } from '../publicity/state.js';
import type { Handlers } from '../state.js';
import type { ApplicationCommandData } from './commands.js';
import type { ApplicationEventData } from './events.js';
import { requireApplication } from './state.js';

type Handler<K extends keyof ApplicationCommandData> = Handlers<
  ApplicationCommandData,
  ApplicationEventData
>[K];

const submitApplication: Handler<'SubmitApplication'> = (data, state, now) => {
  const publicity = runningPublicity(state);
  if (publicity !== undefined && now.toISOString() < publicity.endsAt) {
    fail('publicity_not_over', 'The application follows the end of publicity.', {
      publicityEndsAt: publicity.endsAt,
    });
  }
  if (state.stage === 'objections') {
    fail(
      'effective_objection_open',
      'Every effective objection must be resolved or closed after a hearing.',
      {
        objectionIds: openObjections(state).map((objection) => objection.objectionId),
      },
    );
  }
  requireStage(state, ['application']);
  if (state.application !== undefined) {
    fail('application_already_submitted', 'An application is already pending.');
  }
  return [
    {
      type: 'ApplicationSubmitted',
      data: defined({
        submittedOn: day(data.submittedOn, 'submittedOn'),
        materials: items(data.materials, 'materials'),
        reference: data.reference,
      }),
    },
  ];
};

const notifyIncompleteMaterials: Handler<'NotifyIncompleteMaterials'> = (data, state) => {
  const application = requireApplication(state, 'application');
  if (application.awaitingSupplement) {
    fail('already_notified', 'Missing materials are notified once, listing everything (一次性告知).', {
      outstanding: application.outstanding,
    });
  }
  return [
    {
      type: 'IncompleteMaterialsNotified',
      data: { notifiedOn: day(data.notifiedOn, 'notifiedOn'), missing: items(data.missing, 'missing', true) },
    },
  ];
};

const supplementMaterials: Handler<'SupplementMaterials'> = (data, state) => {
  requireApplication(state, 'application');
  return [
    {
      type: 'MaterialsSupplemented',
      data: {
        supplementedOn: day(data.supplementedOn, 'supplementedOn'),
        materials: items(data.materials, 'materials', true),
      },
    },
  ];
};

const acceptApplication: Handler<'AcceptApplication'> = (data, state) => {
  const application = requireApplication(state, 'application');
  if (application.outstanding.length > 0) {
    fail('materials_incomplete', 'Notified materials are still missing.', {
      outstanding: application.outstanding,
    });
  }
  return [
    {
      type: 'ApplicationAccepted',
      data: defined({
        acceptedOn: day(data.acceptedOn, 'acceptedOn'),
        departments: items(data.departments, 'departments', true),
        reviewDueOn: data.reviewDueOn === undefined ? undefined : day(data.reviewDueOn, 'reviewDueOn'),
        reference: data.reference,
      }),
    },
  ];
};

const recordReviewOpinion: Handler<'RecordReviewOpinion'> = (data, state) => {
  const application = requireApplication(state, 'joint_review');
  if (!application.departments.includes(data.department)) {
    fail('department_not_convened', `${data.department} was not convened for this review.`, {
      department: data.department,
      departments: application.departments,
    });
  }
  if (application.opinions.some((opinion) => opinion.department === data.department)) {
    fail('opinion_already_recorded', `${data.department} has already given its opinion.`, {
      department: data.department,
    });
  }
  const reasons = items(data.reasons, 'reasons');
  if (data.opinion === 'reject' && reasons.length === 0) {
    fail('reasons_required', 'An opinion against the project states its reasons.');
  }
  return [
    {
      type: 'ReviewOpinionRecorded',
      data: {
        department: data.department,
        opinion: data.opinion,
        givenOn: day(data.givenOn, 'givenOn'),
        conditions: items(data.conditions, 'conditions'),
        reasons,
      },
    },
  ];
};

const concludeJointReview: Handler<'ConcludeJointReview'> = (data, state) => {
  const application = requireApplication(state, 'joint_review');
  const reasons = items(data.reasons, 'reasons');
  if (data.decision === 'approved') {
    const given = new Set(application.opinions.map((opinion) => opinion.department));
    const missing = application.departments.filter((department) => !given.has(department));
    if (missing.length > 0) {
      fail('review_opinions_missing', 'Every convened department gives its written opinion.', {
        departments: missing,
      });
    }
    const against = application.opinions.filter((opinion) => opinion.opinion === 'reject');
    if (against.length > 0) {
      fail('review_opinion_against', 'A department is against the project.', {
        departments: against.map((opinion) => opinion.department),
      });
    }
  } else if (reasons.length === 0) {
    fail('reasons_required', 'A rejection states its reasons.');
  }
  return [
    {
      type: 'JointReviewConcluded',
      data: {
        decision: data.decision,
        concludedOn: day(data.concludedOn, 'concludedOn'),
        reasons,
        conditions: items(data.conditions, 'conditions'),
      },
    },
  ];
};

/** The application command handlers. */
export const applicationHandlers: Handlers<ApplicationCommandData, ApplicationEventData> = {
  SubmitApplication: submitApplication,
  NotifyIncompleteMaterials: notifyIncompleteMaterials,
  SupplementMaterials: supplementMaterials,
  AcceptApplication: acceptApplication,
  RecordReviewOpinion: recordReviewOpinion,
  ConcludeJointReview: concludeJointReview,
};
