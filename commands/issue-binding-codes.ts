import { randomBytes } from 'node:crypto';
import { BINDING_CODE_ALPHABET, BINDING_CODE_ISSUED_LENGTH } from '../domain/binding-code.js';
import { requireFlatOf } from '../domain/case/index.js';
import { isDuplicateKey } from '../models/define.js';
import { listIssuedCodes, revokeUnitCodes } from '../models/unit-codes.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { requireUnitId } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** One issued code, for the committee to hand to the flat door to door. */
export interface IssuedBindingCode {
  readonly room: string;
  readonly code: string;
  /** After this instant the code binds nobody. */
  readonly expiresAt: Date;
}

/** A fresh code of the binding-code alphabet (32 letters: `byte & 31` is uniform; 40 random bits). */
export function newBindingCode(): string {
  let code = '';
  for (const byte of randomBytes(BINDING_CODE_ISSUED_LENGTH)) code += BINDING_CODE_ALPHABET[byte & 31];
  return code;
}

/**
 * Stores one new code per room, valid `settings.bindingCodeDays` from `now`: listed for the unit before
 * stored, so that no live code escapes the next re-issue; a code already taken (1 in 2^40) is drawn
 * again and listed too.
 */
async function storeNewCodes(
  ctx: CommandContext,
  unitId: string,
  rooms: readonly string[],
  now: Date,
): Promise<IssuedBindingCode[]> {
  const { bindingCodes } = ctx.models;
  const expiresAt = new Date(now.getTime() + ctx.settings.bindingCodeDays * 86_400_000);
  const codes = rooms.map((room) => ({ room, code: newBindingCode(), expiresAt }));
  await listIssuedCodes(bindingCodes, 'household', unitId, codes, now);
  for (const issued of codes) {
    for (;;) {
      try {
        await bindingCodes.create({ _id: issued.code, unitId, room: issued.room, issuedAt: now, expiresAt });
        break;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        issued.code = newBindingCode();
        await listIssuedCodes(bindingCodes, 'household', unitId, [issued], now);
      }
    }
  }
  return codes;
}

/**
 * Issues one household binding code per flat of the unit. The case records
 * `BindingCodesIssued` with the rooms only — the codes are secrets, kept in `binding_codes` under
 * `_id = code` and never logged. Re-issuing revokes the unit's earlier codes. Each code binds one
 * person, once, within `settings.bindingCodeDays`. Refusals: `unit_not_registered`.
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
  await revokeUnitCodes(ctx.models.bindingCodes, 'household', { unitId: input.unitId, at: meta.now });
  return { unitId: input.unitId, codes: await storeNewCodes(ctx, input.unitId, rooms, meta.now) };
}

/**
 * Issues a new code for one flat (a slip lost, said in the open, or for a second owner): the flat's
 * live codes are revoked first. Recorded in the case as `BindingCodesIssued` for that room when `meta`
 * names who asked; the bot's own reissue after a code was said in a group records nothing new (the
 * case already lists the room as issued). Refusals: `unit_not_registered`, `unknown_room`.
 */
export async function reissueRoomCode(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly room: string },
  meta: CommandMeta | Date,
): Promise<IssuedBindingCode> {
  requireUnitId(input.unitId);
  const now = meta instanceof Date ? meta : meta.now;
  if (meta instanceof Date) {
    // The bot's own reissue appends nothing: the checks the case makes otherwise are made here.
    requireFlatOf((await loadCase(ctx, input.unitId)).state, input.room);
  } else {
    await runCaseCommand(
      ctx,
      input.unitId,
      { type: 'IssueBindingCodes', data: { rooms: [input.room] } },
      meta,
    );
  }
  await revokeUnitCodes(ctx.models.bindingCodes, 'household', { ...input, at: now });
  const [issued] = await storeNewCodes(ctx, input.unitId, [input.room], now);
  return issued!;
}
