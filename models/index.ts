import type { Connection } from 'mongoose';
import type { HolidayTable } from '../domain/calendar/index.js';
import { loadHolidayTable } from '../lib/holidays.js';
import { bindingCodeModel, bindingCodeUseModel } from './binding-code.js';
import { bindingLockoutModel } from './binding-lockout.js';
import { caseEventModel } from './case-event.js';
import { caseRegistryOf, CaseStreams } from './case-stream.js';
import { caseViewModel } from './case-view.js';
import { contactModel } from './contact.js';
import { deadlineModel } from './deadline.js';
import { dialogModel } from './dialog.js';
import { groupModel } from './group.js';
import { groupCodeModel, groupCodeUseModel } from './group-code.js';
import { hookRepairModel } from './hook-repair.js';
import { inboxModel } from './inbox.js';
import { objectionRefModel } from './objection-ref.js';
import { outboxModel } from './outbox.js';
import { placeModel } from './place.js';
import { stageChangeModel } from './stage-change.js';
import { residentSessionModel } from './resident-session.js';
import { reminderAllowanceModel, reminderUseModel } from './reminder-allowance.js';
import { staffTokenModel } from './staff-token.js';
import { elevatorKeyModel } from './elevator-key.js';
import { alarmSignatureModel } from './alarm-signature.js';
import { backfillUnitCodes } from './unit-codes.js';
import { backfillUnitListings, unitListingModel } from './unit-list.js';

/** Every model of the project, bound to one connection. */
export function createModels(connection: Connection) {
  return {
    caseEvents: caseEventModel(connection),
    caseViews: caseViewModel(connection),
    inbox: inboxModel(connection),
    outbox: outboxModel(connection),
    bindingCodes: bindingCodeModel(connection),
    bindingCodeUses: bindingCodeUseModel(connection),
    bindingLockouts: bindingLockoutModel(connection),
    contacts: contactModel(connection),
    groups: groupModel(connection),
    groupCodes: groupCodeModel(connection),
    groupCodeUses: groupCodeUseModel(connection),
    dialogs: dialogModel(connection),
    objectionRefs: objectionRefModel(connection),
    deadlines: deadlineModel(connection),
    hookRepairs: hookRepairModel(connection),
    places: placeModel(connection),
    staffTokens: staffTokenModel(connection),
    stageChanges: stageChangeModel(connection),
    unitListings: unitListingModel(connection),
    residentSessions: residentSessionModel(connection),
    reminderAllowances: reminderAllowanceModel(connection),
    reminderUses: reminderUseModel(connection),
    elevatorKeys: elevatorKeyModel(connection),
    alarmSignatures: alarmSignatureModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/**
 * Brings stored data up to what this version reads, once per database (start-up, before any
 * request): the lists of codes issued per unit, for codes stored before the lists existed; the
 * units' listings, for units registered before `unit_list` existed (their deadlines planned on
 * `holidays`, the bundled calendar unless the configured one is given). Done at
 * start so that no request — a refused one least of all — writes this bookkeeping.
 */
export async function migrate(models: Models, holidays: HolidayTable = loadHolidayTable()): Promise<void> {
  await backfillUnitCodes(models.bindingCodes, 'household');
  await backfillUnitCodes(models.groupCodes, 'group');
  await backfillUnitListings(
    models.unitListings,
    new CaseStreams(models.caseEvents).allCaseIds(),
    caseRegistryOf(models.caseEvents),
    models.caseViews,
    holidays,
  );
}

/** Creates each model's collection and brings its indexes in line with the schema (start-up, tests). */
export async function syncAllIndexes(
  models: Readonly<Record<string, { createCollection(): Promise<unknown>; syncIndexes(): Promise<unknown> }>>,
): Promise<void> {
  for (const model of Object.values(models)) {
    await model.createCollection().catch((error: { code?: number }) => {
      if (error.code !== 48) throw error; // NamespaceExists
    });
    await model.syncIndexes();
  }
}
