/**
 * An after-append hook that fails leaves its case noted in `hook_repairs`; the repair round redoes the
 * hook's work from the stream, so a contact bound during a blip is known to the bot again — and a
 * repair that fails again stays for the next round.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { AFTER_APPEND } from '../../commands/compose.js';
import { repairHooks } from '../../commands/hook-repairs.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import {
  createCommandContext,
  type AfterAppend,
  type CommandContext,
} from '../../commands/kernel/context.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import { registerUnit } from '../../commands/register-unit.js';
import { FixedClock } from '../../lib/clock.js';
import { loadHolidayTable } from '../../lib/holidays.js';
import { createLogger } from '../../lib/log.js';
import { readContact } from '../../models/contact.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { flats } from '../support/units.js';

const T0 = '2025-03-03T02:00:00.000Z';
const meta: CommandMeta = { actor: { kind: 'admin', id: 'admin' }, channel: 'api', now: new Date(T0) };
let db: TestDatabase;
let ctx: CommandContext;
/** How many more times each hook's `run` (or `repair`) is to fail, as a database blip would make it. */
const failures = { run: 0, repair: 0 };

/** The real hooks, each failing its next `failures.run` runs and `failures.repair` repairs. */
function flaky(hook: AfterAppend): AfterAppend {
  return {
    name: hook.name,
    run: async (...args) => {
      if (failures.run > 0 && failures.run--) throw new Error('connection reset');
      await hook.run(...args);
    },
    repair: async (...args) => {
      if (failures.repair > 0 && failures.repair--) throw new Error('connection reset');
      await hook.repair(...args);
    },
  };
}

beforeAll(async () => {
  db = await openTestDatabase('hook-repairs');
  ctx = createCommandContext({
    models: db.models,
    clock: new FixedClock(T0),
    holidays: loadHolidayTable(),
    log: createLogger({ level: 'silent' }),
    afterAppend: AFTER_APPEND.map(flaky),
  });
});
afterAll(() => db.close());

describe('repairHooks', () => {
  it('redoes a failed contacts hook from the stream: the bound contact is known again, the note gone', async () => {
    const { unitId } = await registerUnit(ctx, { name: '单元', flats: flats(3) }, meta);
    const { codes } = await issueBindingCodes(ctx, { unitId }, meta);
    failures.run = 1; // the contacts hook runs first: it fails, the clocks hook does not
    const bound = await bindHousehold(ctx, { contactId: 'wx_wang', code: codes[0]!.code }, { now: meta.now });
    expect(bound.kind).toBe('bound');
    expect(await readContact(db.models.contacts, 'wx_wang')).toBeNull();
    expect(await db.models.hookRepairs.find({}).lean().exec()).toEqual([
      { _id: `contacts:${unitId}`, hook: 'contacts', caseId: unitId, failedAt: new Date(T0) },
    ]);

    failures.repair = 1;
    expect(await repairHooks(ctx)).toEqual({ repaired: 0, failed: 1 });
    expect(await db.models.hookRepairs.countDocuments({})).toBe(1);

    expect(await repairHooks(ctx)).toEqual({ repaired: 1, failed: 0 });
    expect(await readContact(db.models.contacts, 'wx_wang')).toMatchObject({
      flats: [{ unitId, room: codes[0]!.room }],
    });
    expect(await db.models.hookRepairs.countDocuments({})).toBe(0);
    expect(await repairHooks(ctx)).toEqual({ repaired: 0, failed: 0 });
  });

  it('leaves a note naming a hook this process does not run, counted as failed', async () => {
    await db.models.hookRepairs.create({
      _id: 'gone:u_x',
      hook: 'gone',
      caseId: 'u_x',
      failedAt: new Date(T0),
    });
    expect(await repairHooks(ctx)).toEqual({ repaired: 0, failed: 1 });
    await db.models.hookRepairs.deleteOne({ _id: 'gone:u_x' });
  });
});
