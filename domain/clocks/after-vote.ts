/**
 * The clocks after the vote (domain.md §4–5): missing materials, the joint review's opinions and
 * conclusion, the 使用单位 before handover, and use registration.
 */
import { addCalendarDays, endOfDayAt, periodEnd, type HolidayTable } from '../calendar/index.js';
import { clockSettingsOf, type CaseState } from '../case/index.js';
import { localTimeAt, type PlannedClock } from './kinds.js';

/** Each convened department gives its written opinion within this many working days of acceptance (domain.md §4). */
export const REVIEW_OPINION_WORKING_DAYS = 3;
/** Missing materials not supplied are reminded this many days after the district's notice. */
export const SUPPLEMENT_REMIND_DAYS = 7;

/** The 使用单位 is named within this many working days of completion acceptance, before handover. */
export const USER_UNIT_WORKING_DAYS = 5;
/** Use registration is reminded this many days before it is due (domain.md §5: within 30 days of use). */
export const REGISTRATION_REMIND_DAYS_BEFORE = 7;

/**
 * The clocks of the joint review under way: the departments' opinions (the committee is alerted when
 * one is missing {@link REVIEW_OPINION_WORKING_DAYS} working days after acceptance) and the overall
 * deadline (`reviewDueOn`, kept at acceptance; alerted at its 24:00 when no conclusion is recorded);
 * each reminded to the district and the committee at the notice time of its last day (moot at 24:00).
 */
export function reviewClocks(state: CaseState, table: HolidayTable): PlannedClock[] {
  const application = state.application;
  if (state.stage !== 'joint_review' || application?.acceptedOn === undefined) return [];
  const acceptedOn = application.acceptedOn;
  const clocks: PlannedClock[] = [];
  const given = new Set(application.opinions.map((opinion) => opinion.department));
  const noticeTime = clockSettingsOf(state).noticeTime;
  if (application.departments.some((department) => !given.has(department))) {
    const { endsOn, endsAt } = periodEnd(acceptedOn, REVIEW_OPINION_WORKING_DAYS, 'workday', table);
    clocks.push({
      key: `review.remind:opinions:${acceptedOn}`,
      kind: 'review.remind',
      dueAt: localTimeAt(endsOn, noticeTime),
      data: { acceptedOn, dueOn: endsOn, what: 'opinions' },
      expiresAt: endsAt,
    });
    clocks.push({
      key: `review.opinions:${acceptedOn}`,
      kind: 'review.opinions',
      dueAt: endsAt,
      data: { acceptedOn },
    });
  }
  if (application.reviewDueOn !== undefined) {
    clocks.push({
      key: `review.remind:conclusion:${application.reviewDueOn}`,
      kind: 'review.remind',
      dueAt: localTimeAt(application.reviewDueOn, noticeTime),
      data: { acceptedOn, dueOn: application.reviewDueOn, what: 'conclusion' },
      expiresAt: endOfDayAt(application.reviewDueOn),
    });
    clocks.push({
      key: `review.overdue:${acceptedOn}`,
      kind: 'review.overdue',
      dueAt: endOfDayAt(application.reviewDueOn),
      data: { acceptedOn, dueOn: application.reviewDueOn },
    });
  }
  return clocks;
}

/**
 * The reminder of missing materials (domain.md §4): while the applicants have not supplied what the
 * district's notice listed, they and the committee are reminded privately
 * {@link SUPPLEMENT_REMIND_DAYS} days after it, at the notice time.
 */
export function supplementClocks(state: CaseState): PlannedClock[] {
  const application = state.application;
  if (state.stage !== 'application' || application?.awaitingSupplement !== true) return [];
  const notifiedOn = application.notifiedOn;
  if (notifiedOn === undefined) return [];
  return [
    {
      key: `application.supplement:${notifiedOn}:${application.notices}`,
      kind: 'application.supplement',
      dueAt: localTimeAt(
        addCalendarDays(notifiedOn, SUPPLEMENT_REMIND_DAYS),
        clockSettingsOf(state).noticeTime,
      ),
      data: { notifiedOn },
    },
  ];
}

/** The 使用单位 clock: completion accepted, no 使用单位 named in time → alert (HZ-2021 item 15). */
export function userUnitClocks(state: CaseState, table: HolidayTable): PlannedClock[] {
  const acceptedOn = state.works.completionAcceptedOn;
  if (state.stage !== 'handover' || state.userUnit !== undefined || acceptedOn === undefined) return [];
  const { endsAt } = periodEnd(acceptedOn, USER_UNIT_WORKING_DAYS, 'workday', table);
  return [
    {
      key: `handover.user_unit:${acceptedOn}`,
      kind: 'handover.user_unit',
      dueAt: endsAt,
      data: { acceptedOn, workingDays: USER_UNIT_WORKING_DAYS },
    },
  ];
}

/**
 * The use-registration clocks, from handover until registration (domain.md §5): a reminder
 * {@link REGISTRATION_REMIND_DAYS_BEFORE} days before it is due (moot once the due day has ended), and
 * the overdue alert at the due day's 24:00.
 */
export function registrationClocks(state: CaseState): PlannedClock[] {
  const service = state.service;
  if (service === undefined || service.registeredOn !== undefined) return [];
  const dueOn = service.useRegistrationDueOn;
  const dueAt = endOfDayAt(dueOn);
  const clocks: PlannedClock[] = [];
  const remindAt = localTimeAt(
    addCalendarDays(dueOn, -REGISTRATION_REMIND_DAYS_BEFORE),
    clockSettingsOf(state).noticeTime,
  );
  if (remindAt > endOfDayAt(service.handedOverOn)) {
    clocks.push({
      key: `registration.remind:${dueOn}`,
      kind: 'registration.remind',
      dueAt: remindAt,
      data: { dueOn },
      expiresAt: dueAt,
    });
  }
  clocks.push({ key: `registration.overdue:${dueOn}`, kind: 'registration.overdue', dueAt, data: { dueOn } });
  return clocks;
}
