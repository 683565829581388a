import type { Context } from 'koa';
import type { CommandContext } from '../../commands/kernel/context.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import { placementOf } from '../../commands/scope.js';
import {
  personalDataView,
  type Actor,
  type CaseState,
  type PersonalDataView,
} from '../../domain/case/index.js';
import type { Channel } from '../../models/case-event.js';

/** Whom the request signed in (set by the auth middleware): the administrator, a staff member or a resident. */
export function actorOf(ctx: Context): Actor {
  return ctx.state.actor as Actor;
}

/**
 * Who asked, through the API, at the context's now. The events record the signed-in person by kind
 * and id: `admin`, or a staff member's role and their token's id (the platform stream names whose it is).
 */
export function apiMeta(ctx: Context, commands: CommandContext, channel: Channel = 'api'): CommandMeta {
  const { kind, id } = actorOf(ctx);
  return { actor: { kind, id }, channel, now: commands.clock.now() };
}

/** How much of the unit's personal data the caller sees (`personalDataView`), from its case state. */
export async function personalDataOf(
  ctx: Context,
  commands: CommandContext,
  unitId: string,
  state: Pick<CaseState, 'communityId'>,
): Promise<PersonalDataView> {
  return personalDataView(actorOf(ctx), await placementOf(commands, unitId, state));
}
