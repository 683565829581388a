import type { CaseState } from '../../domain/case/index.js';
import type { Log } from '../../lib/log.js';
import type { StreamHead } from '../../models/case-stream.js';
import { writeCaseView, type CaseViewModel } from '../../models/case-view.js';
import { listingOf, unitListingModel, writeUnitListing } from '../../models/unit-list.js';

/**
 * Projects a case's state into its `case_views` document, and a registered unit's listing into
 * `unit_list` (written only when what it says changed: `writeUnitListing`). A failure is logged and swallowed: the
 * event is already stored (the command succeeded), and the next reader notices the lagging view and
 * rebuilds it (see `loadCase` in `read.ts`).
 */
export async function projectCaseView(
  views: CaseViewModel,
  log: Log,
  caseId: string,
  state: CaseState,
  head: StreamHead,
  at: Date,
): Promise<void> {
  try {
    await writeCaseView(views, {
      _id: caseId,
      seq: head.seq,
      hash: head.hash,
      stage: state.stage,
      state,
      projectedAt: at,
    });
    const listing = listingOf(caseId, head.seq, state);
    if (listing !== null) await writeUnitListing(unitListingModel(views.db), listing);
  } catch (error) {
    log.warn({ err: error, caseId, seq: head.seq }, 'case view not projected; it is rebuilt on next read');
  }
}
