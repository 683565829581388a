import { DomainError, isDomainError } from '../domain/errors.js';
import { isDuplicateKey } from '../models/define.js';
import type { GroupCodeDoc } from '../models/group-code.js';
import { listIssuedCodes, revokeUnitCodes } from '../models/unit-codes.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { requireUnitId } from './kernel/ids.js';
import { newBindingCode } from './issue-binding-codes.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/**
 * Issues the unit's one-time group binding code (`绑定单元 <code>`), kept in
 * `group_codes` under `_id = code` and never logged nor put in the stream. Issuing again revokes the
 * unit's earlier codes. Refusals: `unit_not_registered`.
 */
export async function issueGroupCode(
  ctx: CommandContext,
  input: { readonly unitId: string },
  meta: CommandMeta,
): Promise<{ readonly unitId: string; readonly code: string }> {
  requireUnitId(input.unitId);
  const { state } = await loadCase(ctx, input.unitId);
  if (state.stage === 'new') throw new DomainError('unit_not_registered', 'Register the unit first.');
  // The unit's earlier codes, read and revoked by `_id` through its list of issues (unit-codes.ts).
  const { groupCodes } = ctx.models;
  await revokeUnitCodes(groupCodes, 'group', { unitId: input.unitId, at: meta.now });
  for (;;) {
    const code = newBindingCode();
    // Listed before stored, so that no live code escapes the next issue.
    await listIssuedCodes(groupCodes, 'group', input.unitId, [{ code }], meta.now);
    try {
      await groupCodes.create({ _id: code, unitId: input.unitId, issuedAt: meta.now });
      return { unitId: input.unitId, code };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // a code already taken (1 in 2^40): draw another
    }
  }
}

/** What a transport gives: the group the code was said in, its current unit (if any), who said it. */
export interface BindGroupInput {
  readonly roomId: string;
  readonly code: string;
  readonly contactId: string;
  /** The unit the group is already bound to, if any. */
  readonly groupUnitId: string | null;
}

/** How a group binding went; each outcome has its own sentence in `messages/`. */
export type BindGroupResult =
  | { readonly kind: 'bound'; readonly unitId: string; readonly unitName: string }
  | { readonly kind: 'wrong_code' }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'group_already_bound' }
  | { readonly kind: 'unit_has_other_group' };

/**
 * `绑定单元 <code>` said in a group: one group per unit (the case's `GroupBound`,
 * appended under a unique event id) and one unit per group (`groups`, `_id = roomId`). The code is
 * single-use: using it is the insert of `group_code_uses` `_id = code`. The cheap refusals are read
 * first so a refused attempt does not spend the code.
 */
export async function bindGroup(
  ctx: CommandContext,
  input: BindGroupInput,
  meta: { readonly now: Date },
): Promise<BindGroupResult> {
  if (input.groupUnitId !== null) return { kind: 'group_already_bound' };
  const code = await ctx.models.groupCodes.findById(input.code).lean<GroupCodeDoc>().exec();
  if (code === null) return { kind: 'wrong_code' };
  if (code.revokedAt !== undefined && code.revokedAt !== null) return { kind: 'revoked' };
  if ((await ctx.models.groupCodeUses.findById(input.code).lean().exec()) !== null)
    return { kind: 'revoked' };
  const { state } = await loadCase(ctx, code.unitId);
  if (state.groupRoomId !== undefined && state.groupRoomId !== input.roomId) {
    return { kind: 'unit_has_other_group' };
  }

  try {
    await ctx.models.groupCodeUses.create({ _id: input.code, roomId: input.roomId, usedAt: meta.now });
  } catch (error) {
    if (isDuplicateKey(error)) return { kind: 'revoked' }; // used a moment ago
    throw error;
  }
  try {
    await ctx.models.groups.create({ _id: input.roomId, unitId: code.unitId, boundAt: meta.now });
  } catch (error) {
    if (isDuplicateKey(error)) return { kind: 'group_already_bound' };
    throw error;
  }
  try {
    await runCaseCommand(
      ctx,
      code.unitId,
      { type: 'BindGroup', data: { roomId: input.roomId } },
      { actor: { kind: 'resident', id: input.contactId }, channel: 'wechat', now: meta.now },
    );
  } catch (error) {
    // Another group won the unit between the read and the append: undo this group's claim (read,
    // then deleted by `_id` alone: a filter on more reads every group on FerretDB/SQLite).
    const claimed = await ctx.models.groups.findById(input.roomId).lean().exec();
    if (claimed?.unitId === code.unitId) await ctx.models.groups.deleteOne({ _id: input.roomId }).exec();
    if (isDomainError(error) && error.code === 'unit_has_other_group')
      return { kind: 'unit_has_other_group' };
    throw error;
  }
  return { kind: 'bound', unitId: code.unitId, unitName: state.unit?.name ?? '本单元' };
}
