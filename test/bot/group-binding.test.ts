/**
 * Binding a group to its unit in the real system: the bot on the mock puppet, the
 * embedded database, the real outbox. One group per unit, one unit per group, single-use codes, and the
 * once-a-day line in a group bound to no unit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import {
  bindGroupInGroup,
  bindingCodeExpired,
  groupAlreadyBound,
  unboundGroupLine,
  unitBoundNotice,
  unitHasOtherGroup,
  wrongGroupCode,
} from '../../messages/index.js';
import { FixedClock } from '../../lib/clock.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';
import { flats } from '../support/units.js';

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'group_binding');
const { logLines, post } = world;
let system: System;
let first: mock.RoomMock;
let second: mock.RoomMock;
let unbound: mock.RoomMock;
let li: mock.ContactMock;
let unitA: string;
let unitB: string;

/** Says `text` as li (in a group, or privately to the bot) and waits until it is handled. */
async function say(text: string, where: mock.RoomMock | 'bot'): Promise<void> {
  await world.say(li, text, where);
}

const inGroup = world.inRoom;
const privately = () => world.privately(li);
const groupCode = async (unitId: string) => {
  const reply = await post(`/api/v1/units/${unitId}/group-code`);
  expect(reply.status).toBe(201);
  expect(reply.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  return reply.body.code as string;
};
/** Waits until li got `text` privately (the outbox delivers it). */
const privateAnswer = (text: string) => waitFor(() => privately().includes(text));

beforeAll(async () => {
  system = await world.start();
  const mocker = system.mocker!;
  li = mocker.createContact({ name: '李大爷' });
  const members = [mocker.puppet.currentUserId, li.id];
  first = mocker.createRoom({ topic: '一号群', memberIdList: members });
  second = mocker.createRoom({ topic: '二号群', memberIdList: members });
  unbound = mocker.createRoom({ topic: '三号群', memberIdList: members });
  const a = await post('/api/v1/units', { name: '甲单元', flats: flats(4) });
  const b = await post('/api/v1/units', { name: '乙单元', flats: flats(4) });
  expect([a.status, b.status]).toEqual([201, 201]);
  unitA = a.body.id as string;
  unitB = b.body.id as string;
});

afterAll(world.stop);

describe('绑定单元', () => {
  it('issuing a new code revokes the unused one; the code binds the group and the group is told', async () => {
    const stale = await groupCode(unitA);
    const code = await groupCode(unitA);
    await say(`绑定单元 ${stale}`, first);
    await privateAnswer(bindingCodeExpired());
    await say(`绑定单元 ${code}`, first);
    await waitFor(() => inGroup(first).includes(unitBoundNotice('甲单元')));
    expect(await system.models.groups.findById(first.id).lean().exec()).toMatchObject({ unitId: unitA });
    const events = await system.models.caseEvents.find({ caseId: unitA, type: 'GroupBound' }).lean().exec();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(code);
    expect(logLines.join('\n')).not.toContain(code);

    // The same code again, in another group: single use.
    await say(`绑定单元 ${code}`, second);
    await waitFor(() => privately().filter((t) => t === bindingCodeExpired()).length === 2);
    expect(await system.models.groups.findById(second.id).lean().exec()).toBeNull();
  });

  it('refuses a second group for the same unit, and a group already bound', async () => {
    await say(`绑定单元 ${await groupCode(unitA)}`, second);
    await privateAnswer(unitHasOtherGroup());
    await say(`绑定单元 ${await groupCode(unitB)}`, first);
    await privateAnswer(groupAlreadyBound());
    expect(await system.models.groups.findById(first.id).lean().exec()).toMatchObject({ unitId: unitA });
    expect(await system.models.groups.findById(second.id).lean().exec()).toBeNull();
  });

  it('answers a wrong code kindly, and a code said privately with a hint', async () => {
    await say('绑定单元 8K3M2PQQ', second);
    await privateAnswer(wrongGroupCode());
    await say('绑定单元 8K3M2PQQ', 'bot');
    await privateAnswer(bindGroupInGroup());
  });

  it('refuses a code for a unit that does not exist (404), and requires the token (401)', async () => {
    expect((await post('/api/v1/units/u_aaaaaaaaaaaaaaaa/group-code')).status).toBe(404);
    const response = await fetch(`${system.url}/api/v1/units/${unitA}/group-code`, { method: 'POST' });
    expect(response.status).toBe(401);
  });
});

describe('a group bound to no unit', () => {
  it('gets one line on how to bind for a command, at most once a day; conversation is ignored', async () => {
    await say('今天天气不错', unbound);
    await say('同意', unbound);
    await waitFor(() => inGroup(unbound).length === 1);
    expect(inGroup(unbound)).toEqual([unboundGroupLine()]);
    await say('帮助', unbound);
    await say('2', unbound);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inGroup(unbound)).toEqual([unboundGroupLine()]);
    expect(await system.models.caseEvents.countDocuments({ type: 'VoteCast' })).toBe(0);
  });
});
