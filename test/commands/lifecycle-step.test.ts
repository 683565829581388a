/**
 * The shared runner of the steps after the vote (`lifecycle-step.ts`), on the real database: `dayOr`
 * reads a missing day as today in Asia/Shanghai (not in UTC) and refuses a day after today naming the
 * field; `runLifecycleStep` refuses an id that names no unit, runs the step through the decider
 * (a refused step appends nothing and tells no one), then tells the bound group what the notice says
 * of the case after the step, once, under `announce:<unitId>:<seq>` — or nothing when the notice is
 * null or no group is bound.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandContext } from '../../commands/kernel/context.js';
import { dayOr, runLifecycleStep } from '../../commands/lifecycle-step.js';
import type { CaseCommand, CaseState } from '../../domain/case/index.js';
import { enqueueMessage, type OutboxDoc } from '../../models/outbox.js';
import { adminAt, openCommandWorld, type CommandWorld } from '../support/commands.js';
import { bindTestGroup } from '../support/groups.js';
import { groupOf } from '../support/lifecycle-fixtures.js';
import { givenPassedUnit, SIGNED_MS } from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('lifecycle-step');
  ctx = world.ctx;
});
afterAll(() => world.close());

const outboxDoc = (id: string) => world.models.outbox.findById(id).lean<OutboxDoc>().exec();
const eventCount = (unitId: string) => world.models.caseEvents.countDocuments({ caseId: unitId });
/** Naming the 使用单位 is allowed from the agreement on, as often as needed: a repeatable step. */
const nameUserUnit = (name: string): CaseCommand => ({
  type: 'NameUserUnit',
  data: { name, kind: 'entrusted_manager', namedOn: '2025-03-10' },
});

describe('dayOr', () => {
  // 2025-03-20 16:30 UTC is already 00:30 on 2025-03-21 in Shanghai.
  const shanghaiPastMidnight = new Date('2025-03-20T16:30:00.000Z');

  it('reads a missing day as today in Asia/Shanghai, not in UTC', () => {
    expect(dayOr(undefined, 'givenOn', shanghaiPastMidnight)).toBe('2025-03-21');
    expect(dayOr(undefined, 'givenOn', new Date('2025-03-20T15:59:59.999Z'))).toBe('2025-03-20');
  });

  it('keeps today and any earlier day as given', () => {
    expect(dayOr('2025-03-21', 'givenOn', shanghaiPastMidnight)).toBe('2025-03-21');
    expect(dayOr('2024-12-31', 'givenOn', shanghaiPastMidnight)).toBe('2024-12-31');
  });

  it('refuses a day after today in Shanghai with validation_error naming the field', () => {
    expect(() => dayOr('2025-03-22', 'givenOn', shanghaiPastMidnight)).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        message: 'givenOn is after today.',
        details: { field: 'givenOn' },
      }),
    );
    // Still 2025-03-20 in Shanghai: the 21st is tomorrow there.
    expect(() => dayOr('2025-03-21', 'namedOn', new Date('2025-03-20T15:59:59.999Z'))).toThrow(
      expect.objectContaining({ code: 'validation_error', details: { field: 'namedOn' } }),
    );
  });

  it('refuses a day that is not a real YYYY-MM-DD date as invalid_date naming the field', () => {
    for (const bad of ['2025-02-29', '2025-3-1', '2025-03-01T00:00:00Z']) {
      expect(() => dayOr(bad, 'acceptedOn', shanghaiPastMidnight)).toThrow(
        expect.objectContaining({ code: 'invalid_date', details: { field: 'acceptedOn', value: bad } }),
      );
    }
  });
});

describe('runLifecycleStep', () => {
  let grouped: string;
  let bare: string;
  const meta = adminAt(SIGNED_MS);
  beforeAll(async () => {
    // Two units at `agreement`: one with its group bound, one without.
    grouped = (await givenPassedUnit(ctx)).unitId;
    await bindTestGroup(ctx, groupOf(grouped), grouped, meta.now);
    bare = (await givenPassedUnit(ctx)).unitId;
  });

  it('refuses an id that names no unit with unit_not_registered, asking no notice', async () => {
    const asked: CaseState[] = [];
    await expect(
      runLifecycleStep(ctx, 'not-a-unit', nameUserUnit('甲物业'), meta, (state) => {
        asked.push(state);
        return '不该发';
      }),
    ).rejects.toMatchObject({ code: 'unit_not_registered', details: { unitId: 'not-a-unit' } });
    expect(asked).toEqual([]);
  });

  it('appends nothing and tells no one when the decider refuses the step', async () => {
    const before = await eventCount(grouped);
    const outbox = await world.models.outbox.countDocuments({});
    const asked: CaseState[] = [];
    await expect(
      runLifecycleStep(
        ctx,
        grouped,
        { type: 'StartConstruction', data: { startedOn: '2025-03-10' } },
        meta,
        (state) => {
          asked.push(state);
          return '开工了';
        },
      ),
    ).rejects.toMatchObject({ code: 'wrong_stage', details: { stage: 'agreement', expected: ['approved'] } });
    expect(asked).toEqual([]);
    expect(await eventCount(grouped)).toBe(before);
    expect(await world.models.outbox.countDocuments({})).toBe(outbox);
  });

  it('tells the group what the notice says of the case after the step, under announce:<unitId>:<seq>', async () => {
    const head = await eventCount(grouped);
    const result = await runLifecycleStep(ctx, grouped, nameUserUnit('甲物业'), meta, (state) =>
      state.userUnit === undefined ? '没有使用单位' : `使用单位：${state.userUnit.name}`,
    );
    expect(result).toMatchObject({
      unitId: grouped,
      announcement: 'queued',
      event: { seq: head + 1, type: 'UserUnitNamed', channel: 'api', actor: { kind: 'admin', id: 'admin' } },
      state: { stage: 'agreement', userUnit: { name: '甲物业', kind: 'entrusted_manager' } },
    });
    expect(await outboxDoc(`announce:${grouped}:${head + 1}`)).toMatchObject({
      to: { kind: 'room', id: groupOf(grouped) },
      text: '使用单位：甲物业',
      priority: 'notice',
      createdAt: meta.now,
    });
  });

  it('queues nothing for a null notice, and nothing when no group is bound', async () => {
    const silent = await runLifecycleStep(ctx, grouped, nameUserUnit('乙物业'), meta, () => null);
    expect(silent.announcement).toBe('none');
    expect(await outboxDoc(`announce:${grouped}:${silent.event.seq}`)).toBeNull();

    const unheard = await runLifecycleStep(ctx, bare, nameUserUnit('丙物业'), meta, () => '使用单位：丙物业');
    expect(unheard).toMatchObject({ announcement: 'no_group', event: { type: 'UserUnitNamed' } });
    expect(await outboxDoc(`announce:${bare}:${unheard.event.seq}`)).toBeNull();
  });

  it('sends nothing new when the announcement of that event is already queued', async () => {
    const next = (await eventCount(grouped)) + 1;
    const id = `announce:${grouped}:${next}`;
    await enqueueMessage(world.models.outbox, {
      _id: id,
      to: { kind: 'room', id: groupOf(grouped) },
      groupKey: groupOf(grouped),
      text: '先到的那条',
      priority: 'notice',
      createdAt: meta.now,
    });
    const again = await runLifecycleStep(ctx, grouped, nameUserUnit('丁物业'), meta, () => '后来的那条');
    expect(again).toMatchObject({ announcement: 'duplicate', event: { seq: next } });
    expect((await outboxDoc(id))!.text).toBe('先到的那条');
  });
});
