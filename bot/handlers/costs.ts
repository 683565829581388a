import { myCostsInChat } from '../../commands/payments.js';
import { myCostsMessage, notBoundMessage } from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `我的费用`: the asker's own share, what they paid and what they owe, for each flat they are bound
 * to — always privately, asked in the group or not: what a household pays is its own business.
 */
export async function handleMyCosts(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const result = await myCostsInChat(ctx.commands, message.talkerId);
  if (result.kind !== 'costs') return [toSpeaker(message, notBoundMessage())];
  const papers = ctx.commands.settings.checklists.provident_fund.map((item) => item.label);
  return [toSpeaker(message, myCostsMessage(result.flats, papers))];
}
