import type { CaseState } from '../../domain/case/index.js';
import type { Log } from '../../lib/log.js';
import type { StreamHead } from '../../models/case-stream.js';
import { writeCaseView, type CaseViewModel } from '../../models/case-view.js';

/**
 * Projects a case's state into its `case_views` document. A failure is logged and swallowed: the
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
      ...(head.at === undefined ? {} : { headAt: head.at }),
      stage: state.stage,
      state,
      projectedAt: at,
    });
  } catch (error) {
    log.warn({ err: error, caseId, seq: head.seq }, 'case view not projected; it is rebuilt on next read');
  }
}
