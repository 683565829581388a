import { describe, expect, it } from '@jest/globals';
import type { CaseCommand, CaseCommandData, CaseEvent } from '../../../domain/case/index.js';
import { at, fold, given, historyThrough, historyUntil } from './support.js';

const relocate: CaseCommand = {
  type: 'RecordPipelineRelocation',
  data: { completedOn: '2025-04-22', utilities: [] },
};
const notifyInstallation: CaseCommand = {
  type: 'NotifyInstallation',
  data: { notifiedOn: '2025-04-23', installer: '某电梯安装公司', reference: 'GZ-1' },
};
const start: CaseCommand = { type: 'StartConstruction', data: { startedOn: '2025-04-24' } };
const complete: CaseCommand = { type: 'CompleteConstruction', data: { completedOn: '2025-07-21' } };
const inspect = (passed: boolean): CaseCommand => ({
  type: 'RecordSupervisionInspection',
  data: { inspectedOn: '2025-07-26', passed, reportRef: 'JY-1' },
});
const acceptCompletion: CaseCommand = {
  type: 'AcceptCompletion',
  data: { acceptedOn: '2025-08-02', reportRef: 'YS-1' },
};
const nameUserUnit = (data: Partial<CaseCommandData['NameUserUnit']> = {}): CaseCommand => ({
  type: 'NameUserUnit',
  data: { name: '王某', kind: 'named_person', namedOn: '2025-08-03', contact: '138', ...data },
});
const handOver: CaseCommand = {
  type: 'HandOver',
  data: { handedOverOn: '2025-08-05', enteredUseOn: '2025-08-05', useRegistrationDueOn: '2025-09-04' },
};
const registerUse = (registeredOn = '2025-08-20'): CaseCommand => ({
  type: 'RegisterUse',
  data: { registeredOn },
});

const approved = historyUntil('approved');
const relocated = historyThrough('PipelineRelocationRecorded');
const notified = historyThrough('InstallationNotified');
const works = historyUntil('works');
const inspection = historyUntil('inspection');
const failedOnce = historyThrough('SupervisionInspectionRecorded', 1);
const acceptance = historyUntil('acceptance');
const handover = historyUntil('handover');
const namedAtHandover = historyThrough('UserUnitNamed');
const registration = historyUntil('registration');

describe('pipeline relocation and the installation notice', () => {
  it('records relocations, including that none was needed', () => {
    const [event] = given(approved)
      .when(relocate, at(50))
      .then([{ type: 'PipelineRelocationRecorded', data: { completedOn: '2025-04-22', utilities: [] } }]);
    expect(fold([...approved, event as CaseEvent]).works.pipelineRelocations).toEqual([
      { completedOn: '2025-04-22', utilities: [] },
    ]);
    given(works)
      .when(relocate)
      .then('wrong_stage', { stage: 'works', expected: ['approved'] });
  });

  it('notifies installation only after pipeline relocation is recorded', () => {
    given(approved).when(notifyInstallation, at(51)).then('pipeline_relocation_not_recorded');
    given(relocated)
      .when(notifyInstallation, at(51))
      .then([
        {
          type: 'InstallationNotified',
          data: { notifiedOn: '2025-04-23', installer: '某电梯安装公司', reference: 'GZ-1' },
        },
      ]);
    given(historyUntil('joint_review')).when(notifyInstallation).then('wrong_stage');
  });
});

describe('construction', () => {
  it('starts only after the installation notice (HZ-2021 item 14)', () => {
    given(relocated).when(start, at(52)).then('installation_not_notified');
    const [event] = given(notified)
      .when(start, at(52))
      .then([{ type: 'ConstructionStarted', data: { startedOn: '2025-04-24' } }]);
    expect(fold([...notified, event as CaseEvent]).stage).toBe('works');
    given(works).when(start).then('wrong_stage');
  });

  it('completes into inspection', () => {
    const [event] = given(works)
      .when(complete, at(140))
      .then([{ type: 'ConstructionCompleted', data: { completedOn: '2025-07-21' } }]);
    expect(fold([...works, event as CaseEvent]).stage).toBe('inspection');
    given(approved).when(complete).then('wrong_stage');
  });
});

describe('supervision inspection', () => {
  it('records a failed inspection, stays in inspection, and allows a re-inspection', () => {
    const [event] = given(inspection)
      .when(inspect(false), at(145))
      .then([
        {
          type: 'SupervisionInspectionRecorded',
          data: { inspectedOn: '2025-07-26', passed: false, defects: [], reportRef: 'JY-1' },
        },
      ]);
    expect(fold([...inspection, event as CaseEvent]).stage).toBe('inspection');
    const [again] = given(failedOnce).when(inspect(true), at(150)).events();
    const state = fold([...failedOnce, again as CaseEvent]);
    expect(state.stage).toBe('acceptance');
    expect(state.works.inspectionPassedOn).toBe('2025-07-26');
  });

  it('belongs to inspection', () => {
    given(works).when(inspect(true)).then('wrong_stage');
    given(acceptance).when(inspect(true)).then('wrong_stage');
  });
});

describe('completion acceptance and delivery need a passed inspection', () => {
  it('refuses completion acceptance during works and before a passing inspection', () => {
    given(works).when(acceptCompletion).then('supervision_inspection_not_passed', { stage: 'works' });
    given(failedOnce)
      .when(acceptCompletion)
      .then('supervision_inspection_not_passed', { stage: 'inspection' });
    given(approved).when(acceptCompletion).then('wrong_stage');
  });

  it('accepts completion after a passing inspection', () => {
    const [event] = given(acceptance)
      .when(acceptCompletion, at(152))
      .then([{ type: 'CompletionAccepted', data: { acceptedOn: '2025-08-02', reportRef: 'YS-1' } }]);
    expect(fold([...acceptance, event as CaseEvent]).stage).toBe('handover');
  });

  it('refuses handover before inspection passed, then before completion acceptance', () => {
    given(inspection).when(handOver).then('supervision_inspection_not_passed');
    given(acceptance).when(handOver).then('completion_not_accepted');
    given(approved).when(handOver).then('wrong_stage');
  });
});

describe('the 使用单位, handover and use registration (HZ-2021 item 15)', () => {
  it('refuses handover into use without a named 使用单位', () => {
    given(handover).when(handOver, at(155)).then('no_user_unit');
  });

  it('names a 使用单位 from the agreement on, and a later one replaces it', () => {
    given(historyUntil('voting')).when(nameUserUnit()).then('wrong_stage');
    const [first] = given(historyUntil('agreement'))
      .when(nameUserUnit())
      .then([
        {
          type: 'UserUnitNamed',
          data: { name: '王某', kind: 'named_person', namedOn: '2025-08-03', contact: '138' },
        },
      ]);
    const [second] = given(namedAtHandover)
      .when(nameUserUnit({ name: '某物业' }), at(154))
      .events();
    expect(fold([...namedAtHandover, second as CaseEvent]).userUnit?.name).toBe('某物业');
    expect(first?.type).toBe('UserUnitNamed');
    given(handover)
      .when(nameUserUnit({ name: ' ' }))
      .then('validation_error', { field: 'name' });
  });

  it('hands over to the named 使用单位 and moves to registration', () => {
    const [event] = given(namedAtHandover)
      .when(handOver, at(155))
      .then([
        {
          type: 'HandedOver',
          data: {
            handedOverOn: '2025-08-05',
            enteredUseOn: '2025-08-05',
            useRegistrationDueOn: '2025-09-04',
            documents: [],
            userUnit: '某物业公司',
          },
        },
      ]);
    expect(fold([...namedAtHandover, event as CaseEvent]).stage).toBe('registration');
  });

  it('registers use, marking a registration after the due day as late', () => {
    given(registration)
      .when(registerUse(), at(170))
      .then([{ type: 'UseRegistered', data: { registeredOn: '2025-08-20', late: false } }]);
    given(registration)
      .when(registerUse('2025-09-04'))
      .then([{ type: 'UseRegistered', data: { registeredOn: '2025-09-04', late: false } }]);
    const [late] = given(registration)
      .when(registerUse('2025-09-05'))
      .then([{ type: 'UseRegistered', data: { registeredOn: '2025-09-05', late: true } }]);
    expect(fold([...registration, late as CaseEvent]).service?.registeredLate).toBe(true);
    given(handover).when(registerUse()).then('wrong_stage');
  });

  it('refuses use registration on a stream that lacks a 使用单位 (an imported history)', () => {
    const withoutUserUnit = registration.filter((event) => event.type !== 'UserUnitNamed');
    given(withoutUserUnit).when(registerUse()).then('no_user_unit');
  });
});
