import type { Context } from 'koa';
import type { CommandContext } from '../../commands/kernel/context.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import type { Actor, Channel } from '../../models/case-event.js';

/** Who asked (the bearer's actor, set by the auth middleware), through the API, at the context's now. */
export function apiMeta(ctx: Context, commands: CommandContext, channel: Channel = 'api'): CommandMeta {
  return { actor: ctx.state.actor as Actor, channel, now: commands.clock.now() };
}
