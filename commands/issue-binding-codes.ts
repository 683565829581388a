import { randomBytes } from 'node:crypto';
import { BINDING_CODE_ALPHABET, BINDING_CODE_ISSUED_LENGTH } from '../domain/binding-code.js';
import { isDuplicateKey } from '../models/define.js';
import { listIssuedCodes, revokeUnitCodes } from '../models/unit-codes.js';
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

  // The unit's earlier codes, read and revoked by `_id` through its list of issues (unit-codes.ts).
  const { bindingCodes } = ctx.models;
  await revokeUnitCodes(bindingCodes, 'household', { unitId: input.unitId, at: meta.now });
  const codes = rooms.map((room) => ({ room, code: newBindingCode() }));
  // Listed before stored, so that no live code escapes the next re-issue.
  await listIssuedCodes(bindingCodes, 'household', input.unitId, codes, meta.now);
  for (const issued of codes) {
    for (;;) {
      try {
        await bindingCodes.create({
          _id: issued.code,
          unitId: input.unitId,
          room: issued.room,
          issuedAt: meta.now,
        });
        break;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // A code already taken (1 in 2^40): draw another, and list it too.
        issued.code = newBindingCode();
        await listIssuedCodes(bindingCodes, 'household', input.unitId, [issued], meta.now);
      }
    }
  }
  return { unitId: input.unitId, codes };
}
