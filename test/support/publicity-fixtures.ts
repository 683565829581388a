/**
 * Cases at and around publicity for the command tests, built with the commands themselves on the
 * fixed clock of `commands.ts`: a unit whose elevator ballot passed on day 7 (every flat agreed on
 * paper), the same unit with its agreement signed that day (publicity 2025-03-10 → 24:00 2025-03-20),
 * contacts recorded in a role, and an effective objection entered from paper.
 */
import { castVote } from '../../commands/cast-vote.js';
import { closeBallot } from '../../commands/close-ballot.js';
import { fileObjection, type FileObjectionResult } from '../../commands/file-objection.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { openBallot } from '../../commands/open-ballot.js';
import { publishPlan } from '../../commands/publish-plan.js';
import { recordContactRole } from '../../commands/record-contact-role.js';
import { registerUnit } from '../../commands/register-unit.js';
import { signAgreement } from '../../commands/sign-agreement.js';
import type { ContactRole } from '../../domain/case/index.js';
import type { CostPlan } from '../../domain/cost/index.js';
import { adminAt, DAY, T0 } from './commands.js';
import { heardFrom } from './contacts.js';
import { flats, rooms } from './units.js';

/** When the ballot closes and the agreement is signed: Monday 2025-03-10, 10:00 in Shanghai. */
export const SIGNED_MS = 7 * DAY;

/** The day after signing, inside publicity: Tuesday 2025-03-11, 10:00 in Shanghai. */
export const IN_PUBLICITY_MS = 8 * DAY;

/** The end of a publicity signed at {@link SIGNED_MS} with the default 10 days: 24:00 2025-03-20. */
export const PUBLICITY_ENDS_AT = '2025-03-20T16:00:00.000Z';

/** {@link PUBLICITY_ENDS_AT} as milliseconds after T0. */
export const PUBLICITY_ENDS_MS = Date.parse(PUBLICITY_ENDS_AT) - Date.parse(T0);

/**
 * A unit of `count` flats registered `startMs` after T0 with plan 1, whose elevator ballot (opened
 * then, closing 7 days later) every flat agreed to on paper, closed 7 days later: stage `agreement`. Plan 1 carries `cost` when given.
 */
export async function givenPassedUnit(
  ctx: CommandContext,
  count = 4,
  startMs = 0,
  cost?: CostPlan,
): Promise<{ unitId: string; ballotId: string }> {
  const start = adminAt(startMs);
  const { unitId } = await registerUnit(ctx, { name: '公示测试单元', flats: flats(count) }, start);
  await publishPlan(ctx, { unitId, planVersion: 1, title: '方案一', ...(cost ? { cost } : {}) }, start);
  const closesAt = new Date(start.now.getTime() + SIGNED_MS);
  const { ballot } = await openBallot(
    ctx,
    { unitId, title: '加装电梯表决', matter: 'major', closesAt },
    start,
  );
  for (const room of rooms(count)) {
    await castVote(
      ctx,
      { ballotId: ballot.ballotId, room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
      start,
    );
  }
  await closeBallot(ctx, ballot.ballotId, adminAt(startMs + SIGNED_MS));
  return { unitId, ballotId: ballot.ballotId };
}

/** A passed unit (see {@link givenPassedUnit}) with its agreement signed on day 7: stage `publicity`. */
export async function givenUnitInPublicity(ctx: CommandContext, count = 4, cost?: CostPlan): Promise<string> {
  const { unitId } = await givenPassedUnit(ctx, count, 0, cost);
  await signAgreement(ctx, { unitId }, adminAt(SIGNED_MS));
  return unitId;
}

/** Records `contactId` in `role` for the unit, after the bot "heard from" them (so they are known). */
export async function givenRole(
  ctx: CommandContext,
  unitId: string,
  contactId: string,
  role: ContactRole,
): Promise<void> {
  await heardFrom(ctx.models, contactId, new Date(T0));
  await recordContactRole(ctx, { unitId, contactId, role }, adminAt());
}

/**
 * A named, written objection on daylight from room 101, entered from paper by the admin `ms` after
 * T0 and filed then: effective when `ms` falls inside publicity.
 */
export function givenPaperObjection(
  ctx: CommandContext,
  unitId: string,
  ms = IN_PUBLICITY_MS,
): Promise<FileObjectionResult> {
  const meta = adminAt(ms);
  return fileObjection(
    ctx,
    {
      unitId,
      named: true,
      written: true,
      ground: 'daylight',
      channel: 'paper',
      filedAt: meta.now,
      objector: { name: '王某', room: '101' },
      summary: '挡住客厅采光',
    },
    meta,
  );
}
