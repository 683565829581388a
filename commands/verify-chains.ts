import type { CaseEventModel } from '../models/case-event.js';
import { CaseStreams, verifyChain, type ChainReport } from '../models/case-stream.js';

/** Verifies one case's hash chain, or every case's when no id is given. */
export type VerifyAllChains = (caseIds?: readonly string[]) => Promise<ChainReport[]>;

/**
 * Builds the chain check used by the nightly job and `npm run audit:verify`: each stream is walked
 * from event 1 and its first broken event, if any, is named.
 */
export function makeVerifyAllChains(events: CaseEventModel): VerifyAllChains {
  return async (caseIds) => {
    const ids = caseIds ?? (await new CaseStreams(events).caseIds());
    const reports: ChainReport[] = [];
    for (const caseId of ids) reports.push(await verifyChain(events, caseId));
    return reports;
  };
}
