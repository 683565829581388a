/** Folding the elevator's events. */
import type { CaseState, Evolvers } from '../state.js';
import type { ElevatorEventData } from './events.js';
import type { ElevatorState } from './state.js';

function withElevator(state: CaseState, update: (elevator: ElevatorState) => ElevatorState): CaseState {
  return state.elevator === undefined ? state : { ...state, elevator: update(state.elevator) };
}

/** The elevator event folders. */
export const elevatorEvolvers: Evolvers<ElevatorEventData> = {
  ElevatorRecorded: (state, data) => ({
    ...state,
    elevator: {
      ...data,
      visits: state.elevator?.visits ?? [],
      inspections: state.elevator?.inspections ?? [],
      alarms: state.elevator?.alarms ?? [],
    },
  }),
  MaintenanceVisitLogged: (state, data) =>
    withElevator(state, (elevator) => ({ ...elevator, visits: [...elevator.visits, { ...data }] })),
  MaintenanceVisitConfirmed: (state, data) =>
    withElevator(state, (elevator) => ({
      ...elevator,
      visits: elevator.visits.map((visit) =>
        visit.visitId === data.visitId ? { ...visit, confirmedAt: data.confirmedAt } : visit,
      ),
    })),
  PeriodicInspectionRecorded: (state, data) =>
    withElevator(state, (elevator) => ({
      ...elevator,
      inspections: [...elevator.inspections, { ...data }],
      ...(data.certificateExpiresOn === undefined ? {} : { certificateExpiresOn: data.certificateExpiresOn }),
    })),
  AlarmRecorded: (state, data) =>
    withElevator(state, (elevator) => ({ ...elevator, alarms: [...elevator.alarms, { ...data }] })),
  // The key lives outside the stream; the event records who replaced it, and when.
  AlarmKeyReplaced: (state) => state,
  AlarmAcknowledged: (state, data) =>
    withElevator(state, (elevator) => ({
      ...elevator,
      alarms: elevator.alarms.map((alarm) =>
        alarm.alarmId === data.alarmId ? { ...alarm, acknowledgedAt: data.acknowledgedAt } : alarm,
      ),
    })),
};
