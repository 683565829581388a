/**
 * One setup for the tests beside each command and model: a fresh database on the run's embedded
 * server, the command context the composition root builds (every after-append hook registered) on a
 * fixed clock, and the metas the tests act with. Tests that need their own clock or settings build a
 * context from `contextFor`.
 */
import { expect } from '@jest/globals';
import { composeCommandContext } from '../../commands/compose.js';
import type { HolidayTable } from '../../domain/calendar/index.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import { publishPlan } from '../../commands/publish-plan.js';
import { registerUnit } from '../../commands/register-unit.js';
import { FixedClock } from '../../lib/clock.js';
import { loadHolidayTable } from '../../lib/holidays.js';
import { createLogger } from '../../lib/log.js';
import type { Models } from '../../models/index.js';
import { openTestDatabase, type TestDatabase } from './db.js';
import { flats, type FlatBody } from './units.js';

/** A Monday morning in Shanghai (10:00), the tests' usual "now". */
export const T0 = '2025-03-03T02:00:00.000Z';
export const DAY = 86_400_000;

const holidays: HolidayTable = loadHolidayTable();

/** The State Council calendar the commands count on. */
export function holidayTable(): HolidayTable {
  return holidays;
}

/** A command context on `models` whose clock reads `now` (T0 unless given). */
export function contextFor(
  models: Models,
  options: { now?: string; settings?: Parameters<typeof composeCommandContext>[0]['settings'] } = {},
): CommandContext {
  return composeCommandContext({
    models,
    clock: new FixedClock(options.now ?? T0),
    holidays,
    log: createLogger({ level: 'silent' }),
    ...(options.settings ? { settings: options.settings } : {}),
  });
}

/** The meta of a write by the admin through the API, `ms` after T0. */
export function adminAt(ms = 0): CommandMeta {
  return { actor: { kind: 'admin', id: 'admin' }, channel: 'api', now: new Date(Date.parse(T0) + ms) };
}

/** The meta of a resident's write from the group chat, `ms` after T0. */
export function residentAt(contactId: string, ms = 0): CommandMeta {
  return {
    actor: { kind: 'resident', id: contactId },
    channel: 'wechat',
    now: new Date(Date.parse(T0) + ms),
  };
}

export interface CommandWorld {
  readonly db: TestDatabase;
  readonly models: Models;
  readonly ctx: CommandContext;
  close(): Promise<void>;
}

/** A fresh database and the composed command context on it; close it in `afterAll`. */
export async function openCommandWorld(prefix: string): Promise<CommandWorld> {
  const db = await openTestDatabase(prefix);
  return { db, models: db.models, ctx: contextFor(db.models), close: () => db.close() };
}

/** A unit of `count` flats registered by the admin at T0; returns its id. */
export async function givenUnit(
  ctx: CommandContext,
  count = 6,
  list: FlatBody[] = flats(count),
): Promise<string> {
  const { unitId } = await registerUnit(ctx, { name: '测试单元', flats: list }, adminAt());
  return unitId;
}

/** A unit with plan version 1 published (ready for a ballot). */
export async function givenUnitWithPlan(ctx: CommandContext, count = 6): Promise<string> {
  const unitId = await givenUnit(ctx, count);
  await publishPlan(ctx, { unitId, planVersion: 1, title: '方案一' }, adminAt());
  return unitId;
}

/** A unit's binding slips, as a function from room to code. */
export async function slipsOf(ctx: CommandContext, unitId: string): Promise<(room: string) => string> {
  const { codes } = await issueBindingCodes(ctx, { unitId }, adminAt());
  return (room) => {
    const found = codes.find((c) => c.room === room);
    if (!found) throw new Error(`no slip for room ${room}`);
    return found.code;
  };
}

/**
 * Expects `attempt` to be refused with `code` (and `details`), leaving the unit's stream and the
 * outbox as they were.
 */
export async function expectRefusedUnchanged(
  models: Models,
  unitId: string,
  attempt: () => Promise<unknown>,
  code: string,
  details?: Record<string, unknown>,
): Promise<void> {
  const events = () => models.caseEvents.countDocuments({ caseId: unitId });
  const before = await events();
  const outbox = await models.outbox.countDocuments({});
  await expect(attempt()).rejects.toMatchObject({ code, ...(details ? { details } : {}) });
  expect(await events()).toBe(before);
  expect(await models.outbox.countDocuments({})).toBe(outbox);
}

/**
 * {@link expectRefusedUnchanged} on the models `modelsOf` gives when called (a test file's world is
 * opened in `beforeAll`, after the file's top level has run).
 */
export function refusalsOn(
  modelsOf: () => Models,
): (
  unitId: string,
  attempt: () => Promise<unknown>,
  code: string,
  details?: Record<string, unknown>,
) => Promise<void> {
  return (unitId, attempt, code, details) =>
    expectRefusedUnchanged(modelsOf(), unitId, attempt, code, details);
}
