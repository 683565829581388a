/**
 * The composition of the command side, on the real database: `AFTER_APPEND` runs the contacts
 * projection, then the clocks, then the stage changes; a context from `composeCommandContext` keeps
 * all three in step with each command, where the bare kernel context writes none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { AFTER_APPEND } from '../../commands/compose.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import { createCommandContext, type CommandContext } from '../../commands/kernel/context.js';
import { openBallot } from '../../commands/open-ballot.js';
import { publishPlan } from '../../commands/publish-plan.js';
import { registerUnit } from '../../commands/register-unit.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import { readContact } from '../../models/contact.js';
import { adminAt, DAY, holidayTable, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('compose');
});
afterAll(() => world.close());

/** Registers a unit, binds a contact to 101, publishes a plan and opens a 7-day elevator ballot. */
async function aDayOfWork(ctx: CommandContext, contactId: string): Promise<string> {
  const { unitId } = await registerUnit(ctx, { name: '单元', flats: flats(2) }, adminAt());
  const { codes } = await issueBindingCodes(ctx, { unitId }, adminAt());
  await bindHousehold(ctx, { contactId, code: codes[0]!.code }, { now: new Date(T0) });
  await publishPlan(ctx, { unitId, planVersion: 1, title: '方案一' }, adminAt());
  await openBallot(
    ctx,
    { unitId, title: '加装电梯', matter: 'major', closesAt: new Date(Date.parse(T0) + 7 * DAY) },
    adminAt(),
  );
  return unitId;
}

/** What the three hooks wrote for the unit and the contact. */
async function projections(unitId: string, contactId: string) {
  const { models } = world;
  return {
    contactFlats: (await readContact(models.contacts, contactId))?.flats.map((f) => [f.unitId, f.room]) ?? [],
    deadlines: (await models.deadlines.find({ caseId: unitId, status: 'pending' }).lean().exec())
      .map((d) => d.kind)
      .sort(),
    stages: ((await models.stageChanges.collection.findOne({ _id: unitId } as never))?.changes ?? []).map(
      (c: { to: string }) => c.to,
    ),
  };
}

describe('the composed command context', () => {
  it('registers the contacts, clocks and stage-changes hooks, in that order', () => {
    expect(AFTER_APPEND.map((hook) => hook.name)).toEqual(['contacts', 'clocks', 'stage-changes']);
    expect(world.ctx.afterAppend).toBe(AFTER_APPEND);
  });

  it('keeps every projection in step with each command; the bare kernel keeps none', async () => {
    const composed = await aDayOfWork(world.ctx, 'wx-composed');
    expect(await projections(composed, 'wx-composed')).toEqual({
      contactFlats: [[composed, '101']],
      deadlines: ['ballot.close', 'ballot.remind', 'ballot.remind'],
      stages: ['canvassing', 'planning', 'voting'],
    });

    const bare = createCommandContext({
      models: world.models,
      clock: new FixedClock(T0),
      holidays: holidayTable(),
      log: createLogger({ level: 'silent' }),
    });
    const unitId = await aDayOfWork(bare, 'wx-bare');
    expect(await projections(unitId, 'wx-bare')).toEqual({ contactFlats: [], deadlines: [], stages: [] });
  });
});
