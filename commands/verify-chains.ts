import { DomainError } from '../domain/errors.js';
import { auditCheckpointsOf, readCheckpoint, writeCheckpoint } from '../models/audit-checkpoint.js';
import type { CaseEventModel } from '../models/case-event.js';
import {
  CaseStreams,
  PLATFORM_STREAM_ID,
  walkChain,
  type ChainReport,
  type ChainWalk,
} from '../models/case-stream.js';
import { caseViewModel, readCaseViewHead } from '../models/case-view.js';
import type { CommandContext } from './kernel/context.js';
import { requireUnitId } from './kernel/ids.js';

/**
 * Verifies the hash chains of the given cases, or of every registered case and the platform's stream. `full` walks each stream
 * from its first event; otherwise each goes on from its last verified checkpoint.
 */
export type VerifyAllChains = (
  caseIds?: readonly string[],
  options?: { readonly full?: boolean },
) => Promise<ChainReport[]>;

/** How many ids are probed past a stream's end in a full walk, to tell a hole from the end. */
const LOOK_AHEAD = 8;

/**
 * Builds the chain check used by the nightly job and `npm run audit:verify`. Every read is by `_id`:
 * the cases come from the registry, page by page; each case's checkpoint, view and events are looked
 * up by key, so one case costs what its own events cost (README, "Database compatibility").
 *
 * Incremental (the nightly job): from the case's checkpoint, the checkpointed event is read again and
 * must still match it (any rewrite of the chain before it, however consistently re-hashed, changes
 * its hash), then the events appended since are verified. A night costs two or three lookups per case
 * plus its new events. Full (`npm run audit:verify`): every event from the first, and the checkpoint
 * must still lie on the chain. Either way, a stream shorter than its case view says has lost its tail,
 * and a sound chain moves the checkpoint forward.
 */
export function makeVerifyAllChains(events: CaseEventModel): VerifyAllChains {
  const streams = new CaseStreams(events);
  const views = caseViewModel(events.db);
  const checkpoints = auditCheckpointsOf(events);

  const verify = async (caseId: string, full: boolean): Promise<ChainReport> => {
    const [checkpoint, view] = await Promise.all([
      readCheckpoint(checkpoints, caseId),
      readCaseViewHead(views, caseId),
    ]);
    const knownSeq = view?.seq ?? 0;
    let walk = await walkChain(events, caseId, {
      knownSeq,
      ...(full || checkpoint === null ? { lookAhead: LOOK_AHEAD } : { from: checkpoint }),
    });
    if (full && walk.report.ok && checkpoint !== null) {
      const fromCheckpoint = await walkChain(events, caseId, { knownSeq, from: checkpoint });
      if (!fromCheckpoint.report.ok) walk = fromCheckpoint;
    }
    if (walk.report.ok && walk.head.seq > (checkpoint?.seq ?? 0)) {
      await writeCheckpoint(checkpoints, caseId, walk.head, new Date());
    }
    return walk.report;
  };

  return async (caseIds, options = {}) => {
    const reports: ChainReport[] = [];
    if (caseIds !== undefined) {
      for (const caseId of caseIds) reports.push(await verify(caseId, options.full === true));
      return reports;
    }
    // The platform's stream (places, staff tokens) is not a case, so not in the registry: verified too.
    const platform = (async function* () {
      yield* streams.allCaseIds();
      yield PLATFORM_STREAM_ID;
    })();
    for await (const caseId of platform) {
      const report = await verify(caseId, options.full === true);
      // A registered case with no events (a crash between its registration and its first event).
      if (report.ok && report.events === 0) continue;
      reports.push(report);
    }
    return reports.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  };
}

/**
 * Verifies one stream from its first event to its end (`GET /units/:unitId/timeline/verify`), with the
 * same walk as the audit: every event hashed again (`hashEvent`) and chained to the one before, a
 * few ids probed past the end for a hole, and a stream shorter than its case view says found to have
 * lost its tail. It only reads: no checkpoint is moved, no view written. The walk names the first
 * break and what its check compared (`mismatch`), and the last event that holds (`head`).
 */
export async function verifyCaseChain(events: CaseEventModel, caseId: string): Promise<ChainWalk> {
  const view = await readCaseViewHead(caseViewModel(events.db), caseId);
  return walkChain(events, caseId, { knownSeq: view?.seq ?? 0, lookAhead: LOOK_AHEAD });
}

/**
 * {@link verifyCaseChain} for a unit's case (`GET /units/:unitId/timeline/verify`): `unit_not_registered`
 * for an id that names no unit's stream. A stream that breaks at its first event is still answered,
 * with where it breaks.
 */
export async function verifyUnitChain(ctx: CommandContext, unitId: string): Promise<ChainWalk> {
  requireUnitId(unitId);
  const walk = await verifyCaseChain(ctx.models.caseEvents, unitId);
  if (walk.report.ok && walk.report.events === 0) {
    throw new DomainError('unit_not_registered', `No unit ${unitId}.`, { unitId });
  }
  return walk;
}
