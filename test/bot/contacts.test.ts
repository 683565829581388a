/**
 * Recording a committee contact with the bot running on the mock puppet: the bot's WeChat account
 * vouches for a group member who has never written to it, and an id it cannot find — that no one is
 * bound to and the bot never heard from — is refused with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import { FixedClock } from '../../lib/clock.js';
import type { System } from '../../system.js';
import { BotWorld } from '../support/bot.js';
import { T0 } from '../support/http.js';
import { storedRecords } from '../support/stored.js';
import { flats } from '../support/units.js';

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'contacts');
let system: System;
let zhang: mock.ContactMock;
let unitId: string;

beforeAll(async () => {
  system = await world.start();
  ({ zhang } = world.residents());
  const registered = await world.post('/api/v1/units', { name: '测试单元', flats: flats(4) });
  unitId = registered.body.id as string;
});

afterAll(world.stop);

describe('POST /api/v1/units/:unitId/contacts with the bot on', () => {
  it("takes a member of the bot's group who has never written to it", async () => {
    expect(await system.models.inbox.countDocuments({ talkerId: zhang.id })).toBe(0);
    const reply = await world.post(`/api/v1/units/${unitId}/contacts`, {
      contactId: zhang.id,
      role: 'committee',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.recorded).toBe(true);
  });

  it('refuses an id the bot cannot find (422 unknown_contact), storing nothing', async () => {
    const before = await storedRecords(system.models);
    const reply = await world.post(`/api/v1/units/${unitId}/contacts`, {
      contactId: 'wxid_nobody_at_all',
      role: 'committee',
    });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ ok: false, error: 'unknown_contact' });
    expect(await storedRecords(system.models)).toEqual(before);
    // The puppet was asked quietly: no Wechaty error was raised for the unknown id.
    expect(world.logLines.some((line) => line.includes('wechaty error'))).toBe(false);
  });
});
