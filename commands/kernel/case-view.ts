import type { HolidayTable } from '../../domain/calendar/index.js';
import type { CaseState } from '../../domain/case/index.js';
import type { Log } from '../../lib/log.js';
import type { StreamHead } from '../../models/case-stream.js';
import { writeCaseView, type CaseViewModel } from '../../models/case-view.js';
import {
  listingOf,
  readUnitListing,
  replaceUnitListing,
  writeUnitListing,
  type UnitListingModel,
} from '../../models/unit-list.js';

/** Where a case's projections go, and the holiday calendar its listing's deadlines are planned on. */
export interface ProjectionTarget {
  readonly models: { readonly caseViews: CaseViewModel; readonly unitListings: UnitListingModel };
  readonly holidays: HolidayTable;
  readonly log: Log;
}

/**
 * Projects a case's state into its `case_views` document, and a registered unit's listing into
 * `unit_list` (written only when what it says changed: `writeUnitListing`; its line on the dashboards
 * planned on the holiday calendar). A failure is logged and swallowed: the event is already stored
 * (the command succeeded), and the next reader notices the lagging view and rebuilds it (see
 * `loadCase` in `read.ts`).
 */
export async function projectCaseView(
  target: ProjectionTarget,
  caseId: string,
  state: CaseState,
  head: StreamHead,
  at: Date,
): Promise<void> {
  try {
    await writeCaseView(target.models.caseViews, {
      _id: caseId,
      seq: head.seq,
      hash: head.hash,
      ...(head.at === undefined ? {} : { headAt: head.at }),
      stage: state.stage,
      state,
      projectedAt: at,
    });
    const listing = listingOf(caseId, head, state, target.holidays);
    if (listing !== null) await writeUnitListing(target.models.unitListings, listing);
  } catch (error) {
    target.log.warn(
      { err: error, caseId, seq: head.seq },
      'case view not projected; it is rebuilt on next read',
    );
  }
}

/**
 * Makes a registered unit's listing say what its case says now, unless a newer one is stored: the
 * repair of a listing a failed write or a backfill (which has no holiday calendar) left behind, and of
 * the deadlines a new holiday notice moved. One `_id` lookup, and a write only when it differs.
 * Returns whether it wrote.
 */
export async function syncUnitListing(
  target: ProjectionTarget,
  caseId: string,
  state: CaseState,
  head: StreamHead,
): Promise<boolean> {
  const listing = listingOf(caseId, head, state, target.holidays);
  if (listing === null) return false;
  const stored = await readUnitListing(target.models.unitListings, caseId);
  if (stored !== null && stored.seq > head.seq) return false;
  return replaceUnitListing(target.models.unitListings, listing);
}
