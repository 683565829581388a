import { remindUnvoted } from '../../commands/remind.js';
import { noOpenBallot, remindersSent } from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `提醒` from the committee or the applicant representative: the command queues one private reminder
 * per unvoted bound household (at most once a day); the asker is told privately how many and which
 * rooms nobody is bound to. Anyone else is refused (`forbidden`, worded by `handle-message.ts`).
 */
export async function handleRemind(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const result = await remindUnvoted(
    ctx.commands,
    { contactId: message.talkerId, groupUnitId: ctx.groupUnitId },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'reminded':
      return [toSpeaker(message, remindersSent(result))];
    case 'no_open_ballot':
      return [toSpeaker(message, noOpenBallot())];
  }
}
