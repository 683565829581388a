import type { Collection } from 'mongoose';
import type { CaseEventModel } from './case-event.js';
import type { Checkpoint } from './case-stream.js';

/**
 * Where the audit last verified a case's chain (`audit_checkpoints`, `_id = caseId`): the seq and
 * hash of the last event it found sound. The nightly audit goes on from there, so a night costs the
 * events appended since, not every event ever stored (see `commands/verify-chains.ts`).
 */
export interface AuditCheckpointDoc {
  _id: string;
  seq: number;
  hash: string;
  verifiedAt: Date;
}

/** The checkpoints collection (created on the first write; `_id` is its only index). */
export function auditCheckpointsOf(events: CaseEventModel): Collection<AuditCheckpointDoc> {
  return events.db.collection<AuditCheckpointDoc>('audit_checkpoints');
}

/** The case's checkpoint, or null before its first verification. One `_id` lookup. */
export async function readCheckpoint(
  checkpoints: Collection<AuditCheckpointDoc>,
  caseId: string,
): Promise<Checkpoint | null> {
  const doc = await checkpoints.findOne({ _id: caseId });
  return doc === null ? null : { seq: doc.seq, hash: doc.hash };
}

/** Stores the case's checkpoint (a replace by `_id`; two audits racing store the same chain head). */
export async function writeCheckpoint(
  checkpoints: Collection<AuditCheckpointDoc>,
  caseId: string,
  checkpoint: Checkpoint,
  verifiedAt: Date,
): Promise<void> {
  await checkpoints.replaceOne(
    { _id: caseId },
    { seq: checkpoint.seq, hash: checkpoint.hash, verifiedAt },
    { upsert: true },
  );
}
