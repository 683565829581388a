/**
 * Units in the middle of a vote, for the tests beside the ballot commands: a unit with its plan
 * published and its slips issued, contacts bound to flats by their slips as the bot binds them, the
 * unit's group and committee, its elevator ballot open, and — for tests that need it — the ballot
 * passed and the agreement signed, so that publicity runs.
 */
import { expect } from '@jest/globals';
import { bindGroup, issueGroupCode } from '../../commands/bind-group.js';
import { bindHousehold } from '../../commands/bind-household.js';
import { castVote } from '../../commands/cast-vote.js';
import { closeBallot } from '../../commands/close-ballot.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { openBallot } from '../../commands/open-ballot.js';
import { recordContactRole } from '../../commands/record-contact-role.js';
import { signAgreement } from '../../commands/sign-agreement.js';
import type { ContactRole } from '../../domain/case/index.js';
import { adminAt, DAY, givenUnitWithPlan, slipsOf, T0 } from './commands.js';
import { heardFrom } from './contacts.js';
import { rooms } from './units.js';

/** A unit with a published plan and its binding slips. */
export interface SlippedUnit {
  readonly unitId: string;
  readonly rooms: readonly string[];
  /** Each room's binding slip. */
  readonly slip: (room: string) => string;
}

/** A unit of `count` flats with plan version 1 published and its slips issued, at T0. */
export async function givenSlippedUnit(ctx: CommandContext, count = 4): Promise<SlippedUnit> {
  const unitId = await givenUnitWithPlan(ctx, count);
  return { unitId, rooms: rooms(count), slip: await slipsOf(ctx, unitId) };
}

/**
 * Binds `contactId` to `room` with the room's slip, said privately (`代办` when `asProxy`), `ms` after
 * T0. The first to use a slip owns the flat; anyone later only asks to join. Fails the test unless
 * the binding went through.
 */
export async function bindRoom(
  ctx: CommandContext,
  unit: SlippedUnit,
  room: string,
  contactId: string,
  options: { readonly asProxy?: boolean; readonly ms?: number; readonly channel?: 'miniprogram' } = {},
): Promise<void> {
  const result = await bindHousehold(
    ctx,
    {
      contactId,
      code: unit.slip(room),
      ...(options.asProxy === true ? { asProxy: true } : {}),
      ...(options.channel === undefined ? {} : { channel: options.channel }),
    },
    { now: new Date(Date.parse(T0) + (options.ms ?? 0)) },
  );
  expect(result).toMatchObject({ kind: 'bound', room });
}

/** Binds the unit to the WeChat group `roomId` with a group code said there by `contactId`. */
export async function bindUnitGroup(
  ctx: CommandContext,
  unitId: string,
  roomId: string,
  contactId = 'wx-group-binder',
): Promise<void> {
  const { code } = await issueGroupCode(ctx, { unitId }, adminAt());
  const result = await bindGroup(ctx, { roomId, code, contactId, groupUnitId: null }, { now: new Date(T0) });
  expect(result).toMatchObject({ kind: 'bound', unitId });
}

/** Records `contactId` (heard from once, so known) with `role` in the unit, as the admin does. */
export async function givenRole(
  ctx: CommandContext,
  unitId: string,
  contactId: string,
  role: ContactRole = 'committee',
): Promise<void> {
  await heardFrom(ctx.models, contactId, new Date(T0));
  await recordContactRole(ctx, { unitId, contactId, role }, adminAt());
}

/** Opens the unit's elevator ballot at T0 on plan 1, closing `closesInDays` later; returns its id. */
export async function openElevatorBallot(
  ctx: CommandContext,
  unitId: string,
  closesInDays = 7,
): Promise<string> {
  const opened = await openBallot(
    ctx,
    {
      unitId,
      title: '加装电梯表决',
      matter: 'major',
      closesAt: new Date(Date.parse(T0) + closesInDays * DAY),
    },
    adminAt(),
  );
  return opened.ballot.ballotId;
}

/**
 * Takes a unit with a published plan through a passed elevator ballot (every room agrees on paper)
 * to a signed agreement at T0, so that publicity starts then. `ctx` must allow a ballot of 0 days
 * (`settings.ballotMinimumOpenDays: 0`): the ballot has no `closesAt` and closes at once.
 */
export async function givenPublicity(
  ctx: CommandContext,
  unitId: string,
  list: readonly string[],
): Promise<void> {
  const { ballot } = await openBallot(ctx, { unitId, title: '加装电梯表决', matter: 'major' }, adminAt());
  for (const room of list) {
    await castVote(
      ctx,
      { ballotId: ballot.ballotId, room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
      adminAt(),
    );
  }
  await closeBallot(ctx, ballot.ballotId, adminAt());
  await signAgreement(ctx, { unitId }, adminAt());
}
