/**
 * Recording a committee member's or officer's chat contact on the real database: `knowsContact` asks
 * the contacts projection first, then the bot's directory, then the inbox; `recordContactRole` appends
 * `ContactRoleRecorded` once per role (the projection learns it), takes the directory given over the
 * context's, and refuses an unknown unit before an unknown contact, a contact no one knows, or a role
 * that is not one — appending nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import type { CommandContext, ContactDirectory } from '../../commands/kernel/context.js';
import { knowsContact, recordContactRole } from '../../commands/record-contact-role.js';
import type { ContactRole } from '../../domain/case/index.js';
import { adminAt, givenUnit, openCommandWorld, slipsOf, T0, type CommandWorld } from '../support/commands.js';
import { heardFrom } from '../support/contacts.js';

let world: CommandWorld;
let unitId: string;
beforeAll(async () => {
  world = await openCommandWorld('contact-role');
  unitId = await givenUnit(world.ctx, 2);
});
afterAll(() => world.close());

const eventsOf = (id: string) => world.ctx.streams.load(id);

/** A bot's directory that answers `answer` for every id, and counts how often it was asked. */
function directory(answer: boolean | undefined): ContactDirectory & { asked: number } {
  return {
    asked: 0,
    knows() {
      this.asked++;
      return Promise.resolve(answer);
    },
  };
}

/** The test context as the composition root builds it when a bot runs with `found` as its directory. */
const withBot = (found: ContactDirectory): CommandContext => ({ ...world.ctx, directory: found });

describe('knowsContact', () => {
  it('knows a bound contact from the projection alone, without asking the bot', async () => {
    const slip = await slipsOf(world.ctx, unitId);
    await bindHousehold(world.ctx, { contactId: 'wx-bound', code: slip('101') }, { now: new Date(T0) });
    const bot = directory(false);
    expect(await knowsContact(world.ctx, 'wx-bound', bot)).toBe(true);
    expect(bot.asked).toBe(0);
  });

  it("knows someone the bot's account finds, who never wrote to it", async () => {
    expect(await knowsContact(world.ctx, 'wx-member', directory(true))).toBe(true);
    expect(await knowsContact(world.ctx, 'wx-member', directory(false))).toBe(false);
  });

  it('knows someone the bot heard from, whatever the directory says or when there is none', async () => {
    await heardFrom(world.models, 'wx-heard', new Date(T0));
    expect(await knowsContact(world.ctx, 'wx-heard', directory(false))).toBe(true);
    expect(await knowsContact(world.ctx, 'wx-heard', directory(undefined))).toBe(true);
    expect(await knowsContact(world.ctx, 'wx-heard')).toBe(true);
    expect(await knowsContact(world.ctx, 'wx-nobody')).toBe(false);
    expect(await knowsContact(world.ctx, 'wx-nobody', directory(undefined))).toBe(false);
  });
});

describe('recordContactRole', () => {
  it('records a role once, the projection learning it; another role is recorded beside it', async () => {
    await heardFrom(world.models, 'wx-committee', new Date(T0));
    const record = (role: ContactRole, ms: number) =>
      recordContactRole(world.ctx, { unitId, contactId: 'wx-committee', role }, adminAt(ms));
    const before = (await eventsOf(unitId)).length;
    expect(await record('committee', 1)).toEqual({ recorded: true });
    expect(await record('committee', 2)).toEqual({ recorded: false });
    expect(await record('applicant', 3)).toEqual({ recorded: true });
    const added = (await eventsOf(unitId)).slice(before);
    expect(added.map((e) => [e.type, e.data])).toEqual([
      [
        'ContactRoleRecorded',
        {
          contactId: 'wx-committee',
          role: 'committee',
          recordedAt: new Date(Date.parse(T0) + 1).toISOString(),
        },
      ],
      [
        'ContactRoleRecorded',
        {
          contactId: 'wx-committee',
          role: 'applicant',
          recordedAt: new Date(Date.parse(T0) + 3).toISOString(),
        },
      ],
    ]);
    expect(await world.models.contacts.findById('wx-committee').lean().exec()).toEqual({
      _id: 'wx-committee',
      flats: [],
      roles: [
        { unitId, role: 'committee' },
        { unitId, role: 'applicant' },
      ],
    });
  });

  it("asks the context's bot, unless the caller gives its own directory", async () => {
    const ctx = withBot(directory(false));
    await expect(
      recordContactRole(ctx, { unitId, contactId: 'wx-demo', role: 'district' }, adminAt(4)),
    ).rejects.toMatchObject({ code: 'unknown_contact', details: { contactId: 'wx-demo' } });
    expect(
      await recordContactRole(ctx, { unitId, contactId: 'wx-demo', role: 'district' }, adminAt(5), {
        directory: directory(true),
      }),
    ).toEqual({ recorded: true });
    expect(
      await recordContactRole(
        withBot(directory(true)),
        { unitId, contactId: 'wx-friend', role: 'subdistrict' },
        adminAt(6),
      ),
    ).toEqual({ recorded: true });
  });

  it('refuses an id no one knows, appending nothing', async () => {
    const before = (await eventsOf(unitId)).length;
    await expect(
      recordContactRole(world.ctx, { unitId, contactId: 'wx-typo', role: 'committee' }, adminAt(7)),
    ).rejects.toMatchObject({ code: 'unknown_contact', details: { contactId: 'wx-typo' } });
    expect(await eventsOf(unitId)).toHaveLength(before);
    expect(await world.models.contacts.findById('wx-typo').lean().exec()).toBeNull();
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])(
    'refuses %s as unit_not_registered before looking at the contact',
    async (id) => {
      await expect(
        recordContactRole(world.ctx, { unitId: id, contactId: 'wx-typo', role: 'committee' }, adminAt()),
      ).rejects.toMatchObject({ code: 'unit_not_registered' });
    },
  );

  it('refuses a role that is not one (validation_error), appending nothing', async () => {
    const before = (await eventsOf(unitId)).length;
    await expect(
      recordContactRole(
        world.ctx,
        { unitId, contactId: 'wx-heard', role: 'owner' as unknown as ContactRole },
        adminAt(8),
      ),
    ).rejects.toMatchObject({ code: 'validation_error', details: { field: 'role' } });
    expect(await eventsOf(unitId)).toHaveLength(before);
  });
});
