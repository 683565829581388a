import { randomBytes } from 'node:crypto';
import { BINDING_CODE_ALPHABET, BINDING_CODE_ISSUED_LENGTH } from '../domain/binding-code.js';
import type { CommandContext } from './context.js';
import { loadCase } from './case-views.js';
import { requireUnitId } from './ids.js';
import { runCaseCommand } from './run-case.js';
import type { CommandMeta } from './stream-runner.js';

/** One issued code, for the committee to hand to the flat door to door. */
export interface IssuedBindingCode {
  readonly room: string;
  readonly code: string;
}

/** A fresh code of the binding-code alphabet (32 letters: `byte & 31` is uniform; 40 random bits). */
export function newBindingCode(): string {
  let code = '';
  for (const byte of randomBytes(BINDING_CODE_ISSUED_LENGTH)) code += BINDING_CODE_ALPHABET[byte & 31];
  return code;
}

/**
 * Issues one household binding code per flat of the unit (issue 4 item 2). The case records
 * `BindingCodesIssued` with the rooms only — the codes are secrets, kept in `binding_codes` under
 * `_id = code` and never logged. Re-issuing revokes the unit's earlier codes. Refusals:
 * `unit_not_registered`.
 */
export async function issueBindingCodes(
  ctx: CommandContext,
  input: { readonly unitId: string },
  meta: CommandMeta,
): Promise<{ readonly unitId: string; readonly codes: readonly IssuedBindingCode[] }> {
  requireUnitId(input.unitId);
  const { state } = await loadCase(ctx, input.unitId);
  const rooms = state.flats.map((flat) => flat.room);
  await runCaseCommand(ctx, input.unitId, { type: 'IssueBindingCodes', data: { rooms } }, meta);

  // A small collection: a filter on unitId is fine in the portable subset.
  await ctx.models.bindingCodes
    .updateMany({ unitId: input.unitId, revokedAt: { $exists: false } }, { $set: { revokedAt: meta.now } })
    .exec();
  const codes: IssuedBindingCode[] = [];
  for (const room of rooms) {
    for (;;) {
      const code = newBindingCode();
      try {
        await ctx.models.bindingCodes.create({ _id: code, unitId: input.unitId, room, issuedAt: meta.now });
        codes.push({ room, code });
        break;
      } catch (error) {
        // A code already taken (1 in 2^40): draw another.
        if ((error as { code?: unknown }).code !== 11000) throw error;
      }
    }
  }
  return { unitId: input.unitId, codes };
}
