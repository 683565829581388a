import { ballotProgress, caseProgress } from '../../commands/ballot-progress.js';
import { caseProgressMessage, notBoundMessage, progressMessage } from '../../messages/index.js';
import { inPlace, toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `进度`: where the unit stands, what comes next and when, in three short lines at every stage (during
 * the open ballot with the rooms still missing), where it was asked (group → group). `表决详情`
 * (`detail`): the open ballot's four legal checks; with no ballot open, the same three lines.
 */
export async function handleProgress(ctx: HandlerContext, detail = false): Promise<Reply[]> {
  const { message } = ctx;
  const asker = { contactId: message.talkerId, groupUnitId: ctx.groupUnitId };
  if (detail) {
    const ballot = await ballotProgress(ctx.commands, asker);
    if (ballot.kind === 'progress') return [inPlace(message, progressMessage(ballot.tally, ballot.rules))];
  }
  const result = await caseProgress(ctx.commands, asker);
  switch (result.kind) {
    case 'progress':
      return [inPlace(message, caseProgressMessage(result.progress, ctx.now))];
    case 'not_bound':
      return [toSpeaker(message, notBoundMessage())];
  }
}
