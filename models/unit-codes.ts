import type { Collection, Model } from 'mongoose';
import { insertUnique } from './define.js';
import { appendSlot, findByIds, readSlots } from './slots.js';

/** The two kinds of codes a unit is issued: household binding codes (per flat) and its group code. */
export type UnitCodeKind = 'household' | 'group';

/** One issue of a unit's codes, as listed: the codes (and the flat of each household code). */
export interface UnitCodeIssueDoc {
  _id: string;
  codes: { code: string; room?: string }[];
  issuedAt: Date;
}

/** A code document as both `binding_codes` and `group_codes` keep it (`_id = code`). */
interface CodeDoc {
  _id: string;
  unitId: string;
  room?: string;
  revokedAt?: Date | null;
}

/** The marker that the codes issued before these lists existed were listed (once per database). */
const BACKFILLED = 'backfilled';

/**
 * The codes issued to each unit (`unit_codes`), so that revoking a unit's codes reads that unit's
 * codes by `_id` instead of filtering the code collections on `unitId` (which reads every unit's
 * codes on FerretDB/SQLite; README, "Database compatibility"). Each issue is one numbered slot,
 * `<kind>:<unitId>#<n>`, written by unique insert before its code documents: a code is never live
 * without being listed (a crash in between lists a code that does not exist, which is skipped).
 */
export function unitCodesOf<T>(codes: Model<T>): Collection<UnitCodeIssueDoc> {
  return codes.db.collection<UnitCodeIssueDoc>('unit_codes');
}

const prefixOf = (kind: UnitCodeKind, unitId: string): string => `${kind}:${unitId}#`;

/** Lists one issue of codes for the unit (before the code documents are inserted). */
export async function listIssuedCodes<T>(
  codes: Model<T>,
  kind: UnitCodeKind,
  unitId: string,
  issued: readonly { readonly code: string; readonly room?: string }[],
  issuedAt: Date,
): Promise<void> {
  await appendSlot(unitCodesOf(codes), prefixOf(kind, unitId), () => ({
    codes: issued.map(({ code, room }) => (room === undefined ? { code } : { code, room })),
    issuedAt,
  }));
}

/** The code models whose lists this process found backfilled. */
const backfilled = new WeakSet<object>();

/**
 * Lists, once per database, the codes issued before the lists existed: one read of each code
 * collection (the one scan left), then a marker. Two processes doing it at once list a code twice,
 * which revoking takes in its stride.
 */
export async function backfillUnitCodes<T>(codes: Model<T>, kind: UnitCodeKind): Promise<void> {
  if (backfilled.has(codes)) return;
  const lists = unitCodesOf(codes);
  const marker = `${BACKFILLED}:${kind}`;
  if ((await lists.findOne({ _id: marker })) === null) {
    const byUnit = new Map<string, { code: string; room?: string }[]>();
    const live = await codes.collection.find({ revokedAt: { $exists: false } } as never).toArray();
    for (const doc of live as unknown as CodeDoc[]) {
      const entry = doc.room === undefined ? { code: doc._id } : { code: doc._id, room: doc.room };
      byUnit.set(doc.unitId, [...(byUnit.get(doc.unitId) ?? []), entry]);
    }
    for (const [unitId, issued] of byUnit) await listIssuedCodes(codes, kind, unitId, issued, new Date());
    await insertUnique(lists, { _id: marker, codes: [], issuedAt: new Date() });
  }
  backfilled.add(codes);
}

/**
 * Revokes the unit's live codes of `kind` (only those of `room`, when given) by setting `revokedAt`:
 * each issue listed for the unit and each of its codes read by `_id`, each live one written by `_id`.
 * Returns how many it revoked. Costs the codes the unit was ever issued, whatever other units hold.
 */
export async function revokeUnitCodes<T>(
  codes: Model<T>,
  kind: UnitCodeKind,
  input: {
    readonly unitId: string;
    readonly room?: string;
    readonly at: Date;
    /** Why, kept beside `revokedAt` (household codes say it; default `reissued`). */
    readonly reason?: string;
  },
): Promise<number> {
  await backfillUnitCodes(codes, kind);
  const issues = await readSlots<UnitCodeIssueDoc>(unitCodesOf(codes), prefixOf(kind, input.unitId));
  const listed = [
    ...new Set(
      issues.flatMap((issue) =>
        issue.codes
          .filter((entry) => input.room === undefined || entry.room === input.room)
          .map((e) => e.code),
      ),
    ),
  ];
  const docs = await findByIds<CodeDoc>(codes.collection as never, listed);
  let revoked = 0;
  for (const doc of docs) {
    const live = doc !== null && (doc.revokedAt === undefined || doc.revokedAt === null);
    if (!live || doc.unitId !== input.unitId) continue;
    if (input.room !== undefined && doc.room !== input.room) continue;
    await codes.collection.updateOne({ _id: doc._id } as never, {
      $set: { revokedAt: input.at, revokedReason: input.reason ?? 'reissued' },
    });
    revoked++;
  }
  return revoked;
}
