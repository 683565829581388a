/**
 * Works to use registration (domain.md §5; HZ-2021 items 9, 14, 15): pipeline relocation before the
 * installation notice, the notice before construction, a passed supervision inspection before completion
 * acceptance and handover, a named 使用单位 before handover and use registration.
 */
import { day, defined, fail, items, requireStage, text } from '../checks.js';
import { stagesFrom } from '../stages.js';
import type { Handlers } from '../state.js';
import type { WorksCommandData } from './commands.js';
import type { WorksEventData } from './events.js';
import { requireInspectionPassed } from './state.js';

type Handler<K extends keyof WorksCommandData> = Handlers<WorksCommandData, WorksEventData>[K];

const recordPipelineRelocation: Handler<'RecordPipelineRelocation'> = (data, state) => {
  requireStage(state, ['approved']);
  return [
    {
      type: 'PipelineRelocationRecorded',
      data: defined({
        completedOn: day(data.completedOn, 'completedOn'),
        utilities: items(data.utilities, 'utilities'),
        note: data.note,
      }),
    },
  ];
};

const notifyInstallation: Handler<'NotifyInstallation'> = (data, state) => {
  requireStage(state, ['approved']);
  if (state.works.pipelineRelocations.length === 0) {
    fail(
      'pipeline_relocation_not_recorded',
      'Record the pipeline relocation (or that none is needed) first.',
    );
  }
  return [
    {
      type: 'InstallationNotified',
      data: defined({
        notifiedOn: day(data.notifiedOn, 'notifiedOn'),
        installer: text(data.installer, 'installer'),
        reference: data.reference,
      }),
    },
  ];
};

const startConstruction: Handler<'StartConstruction'> = (data, state) => {
  requireStage(state, ['approved']);
  if (state.works.installationNotifiedOn === undefined) {
    fail('installation_not_notified', 'Notify market supervision of the installation before work starts.');
  }
  return [{ type: 'ConstructionStarted', data: { startedOn: day(data.startedOn, 'startedOn') } }];
};

const completeConstruction: Handler<'CompleteConstruction'> = (data, state) => {
  requireStage(state, ['works']);
  return [{ type: 'ConstructionCompleted', data: { completedOn: day(data.completedOn, 'completedOn') } }];
};

const recordSupervisionInspection: Handler<'RecordSupervisionInspection'> = (data, state) => {
  requireStage(state, ['inspection']);
  return [
    {
      type: 'SupervisionInspectionRecorded',
      data: defined({
        inspectedOn: day(data.inspectedOn, 'inspectedOn'),
        passed: data.passed,
        defects: items(data.defects, 'defects'),
        reportRef: data.reportRef,
      }),
    },
  ];
};

const acceptCompletion: Handler<'AcceptCompletion'> = (data, state) => {
  requireInspectionPassed(state);
  requireStage(state, ['acceptance']);
  return [
    {
      type: 'CompletionAccepted',
      data: defined({ acceptedOn: day(data.acceptedOn, 'acceptedOn'), reportRef: data.reportRef }),
    },
  ];
};

const nameUserUnit: Handler<'NameUserUnit'> = (data, state) => {
  requireStage(state, stagesFrom('agreement'));
  return [
    {
      type: 'UserUnitNamed',
      data: defined({
        name: text(data.name, 'name'),
        kind: data.kind,
        namedOn: day(data.namedOn, 'namedOn'),
        contact: data.contact,
      }),
    },
  ];
};

const handOver: Handler<'HandOver'> = (data, state) => {
  requireInspectionPassed(state);
  if (state.stage === 'acceptance')
    fail('completion_not_accepted', 'Completion acceptance comes before handover.');
  requireStage(state, ['handover']);
  if (state.userUnit === undefined) fail('no_user_unit', 'Name the 使用单位 before the elevator enters use.');
  return [
    {
      type: 'HandedOver',
      data: {
        handedOverOn: day(data.handedOverOn, 'handedOverOn'),
        enteredUseOn: day(data.enteredUseOn, 'enteredUseOn'),
        useRegistrationDueOn: day(data.useRegistrationDueOn, 'useRegistrationDueOn'),
        documents: items(data.documents, 'documents'),
        userUnit: state.userUnit.name,
      },
    },
  ];
};

const registerUse: Handler<'RegisterUse'> = (data, state) => {
  requireStage(state, ['registration']);
  // Defence in depth: a stream imported without UserUnitNamed still cannot register use.
  if (state.userUnit === undefined) fail('no_user_unit', 'Name the 使用单位 before registering use.');
  const registeredOn = day(data.registeredOn, 'registeredOn');
  const dueOn = state.service?.useRegistrationDueOn;
  return [
    {
      type: 'UseRegistered',
      data: defined({
        registeredOn,
        certificateNo: data.certificateNo,
        late: dueOn !== undefined && registeredOn > dueOn,
      }),
    },
  ];
};

/** The works command handlers. */
export const worksHandlers: Handlers<WorksCommandData, WorksEventData> = {
  RecordPipelineRelocation: recordPipelineRelocation,
  NotifyInstallation: notifyInstallation,
  StartConstruction: startConstruction,
  CompleteConstruction: completeConstruction,
  RecordSupervisionInspection: recordSupervisionInspection,
  AcceptCompletion: acceptCompletion,
  NameUserUnit: nameUserUnit,
  HandOver: handOver,
  RegisterUse: registerUse,
};
