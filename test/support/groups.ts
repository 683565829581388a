/** Binds a WeChat group to a unit as `bindGroup` leaves it, without the code dance of the real flow. */
import type { CommandContext } from '../../commands/context.js';
import { runCaseCommand } from '../../commands/run-case.js';

/**
 * The `groups` binding (`_id = roomId`, how the bot finds the unit of a group) and the case's
 * `GroupBound` (how commands find the group of a unit), as a bound group has both.
 */
export async function bindTestGroup(
  commands: CommandContext,
  roomId: string,
  unitId: string,
  now: Date,
): Promise<void> {
  await commands.models.groups.create({ _id: roomId, unitId, boundAt: now });
  await runCaseCommand(
    commands,
    unitId,
    { type: 'BindGroup', data: { roomId } },
    { actor: { kind: 'system', id: 'test' }, channel: 'system', now },
  );
}
