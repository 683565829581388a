import { ballotProgress } from '../../commands/ballot-progress.js';
import { noOpenBallot, notBoundMessage, progressMessage } from '../../messages/index.js';
import { inPlace, toSpeaker, type HandlerContext, type Reply } from './types.js';

/** `进度`: the four legal checks and what is missing, where it was asked (group → group). */
export async function handleProgress(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const result = await ballotProgress(ctx.commands, {
    contactId: message.talkerId,
    groupUnitId: ctx.groupUnitId,
  });
  switch (result.kind) {
    case 'progress':
      return [inPlace(message, progressMessage(result.tally, result.rules))];
    case 'no_open_ballot':
      return [inPlace(message, noOpenBallot())];
    case 'not_bound':
      return [toSpeaker(message, notBoundMessage())];
  }
}
