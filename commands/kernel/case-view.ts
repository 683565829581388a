import type { HolidayTable } from '../../domain/calendar/index.js';
import type { CaseState } from '../../domain/case/index.js';
import { boardEntryOf } from '../../domain/dashboard/index.js';
import { canonicalJson } from '../../lib/hash.js';
import type { Log } from '../../lib/log.js';
import {
  readCaseBoard,
  writeCaseBoard,
  type CaseBoardDoc,
  type CaseBoardModel,
} from '../../models/case-board.js';
import type { StreamHead } from '../../models/case-stream.js';
import { writeCaseView, type CaseViewModel } from '../../models/case-view.js';

/** Where a case's projections go, and what its board line is planned on. */
export interface ProjectionTarget {
  readonly models: { readonly caseViews: CaseViewModel; readonly caseBoards: CaseBoardModel };
  readonly holidays: HolidayTable;
  readonly log: Log;
}

/** A registered case's line on its community's board as of `head` (see `models/case-board.ts`). */
export function caseBoardOf(
  caseId: string,
  state: CaseState,
  head: StreamHead,
  holidays: HolidayTable,
): CaseBoardDoc {
  return {
    _id: caseId,
    seq: head.seq,
    ...(head.at === undefined ? {} : { lastEventAt: head.at }),
    ...boardEntryOf(state, holidays),
  };
}

/**
 * Projects a case's state into its `case_views` document and, when that was written, its line on the
 * board (`case_boards`; a registered case's only). A failure is logged and swallowed: the event is
 * already stored (the command succeeded), and the next reader notices the lagging view and rebuilds
 * it (see `loadCase` in `read.ts`); a board line left behind is rewritten with the next view, and by
 * the hourly reconcile of the clocks.
 */
export async function projectCaseView(
  target: ProjectionTarget,
  caseId: string,
  state: CaseState,
  head: StreamHead,
  at: Date,
): Promise<void> {
  try {
    const wrote = await writeCaseView(target.models.caseViews, {
      _id: caseId,
      seq: head.seq,
      hash: head.hash,
      ...(head.at === undefined ? {} : { headAt: head.at }),
      stage: state.stage,
      state,
      projectedAt: at,
    });
    if (wrote && state.stage !== 'new') {
      await writeCaseBoard(target.models.caseBoards, caseBoardOf(caseId, state, head, target.holidays));
    }
  } catch (error) {
    target.log.warn(
      { err: error, caseId, seq: head.seq },
      'case view not projected; it is rebuilt on next read',
    );
  }
}

/**
 * Writes a registered case's board line unless the stored one already says the same (or is newer):
 * the repair of a line a failed write or a database from before board lines left behind, and of the
 * deadlines a new holiday notice moved. One `_id` lookup, and a write only when it differs. Returns
 * whether it wrote.
 */
export async function syncCaseBoard(
  target: ProjectionTarget,
  caseId: string,
  state: CaseState,
  head: StreamHead,
): Promise<boolean> {
  if (state.stage === 'new') return false;
  const board = caseBoardOf(caseId, state, head, target.holidays);
  const stored = await readCaseBoard(target.models.caseBoards, caseId);
  if (stored !== null && (stored.seq > head.seq || canonicalJson(stored) === canonicalJson(board)))
    return false;
  await writeCaseBoard(target.models.caseBoards, board);
  return true;
}
