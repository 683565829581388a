/**
 * Faults (issue 20 item 7): the bot's WeChat account logged out for ten minutes while the committee
 * keeps entering paper votes. Nothing is lost and nothing is sent meanwhile; once it logs in again the
 * group gets one short notice that the bot was away, then every held message, each once. A pause of
 * seconds is not worth a notice. The real bot on the mock puppet, the real outbox, the embedded database.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import { backOnlineNotice } from '../../bot/messages.js';
import { FixedClock } from '../../lib/clock.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';
import { FAULT_TEST_TIMEOUT_MS } from './support.js';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'fault_relogin');
let system: System;
let group: mock.RoomMock;
let ballotId: string;
let botUser: mock.ContactMock;

beforeAll(async () => {
  system = await world.start();
  ({ group } = world.residents());
  ({ ballotId } = await world.unitWithBallot(group));
  botUser = system.mocker!.ContactMock.load(system.mocker!.puppet.currentUserId);
});
afterAll(world.stop);

const paperVote = (room: string) =>
  world.post(`/api/v1/ballots/${ballotId}/votes`, {
    room,
    choice: 'agree',
    channel: 'paper',
    reference: `P-${room}`,
  });
const unsent = () => system.models.outbox.countDocuments({ status: { $ne: 'sent' } }).exec();

describe('the bot logged out of WeChat and back in', () => {
  it('holds what it owes the group, then says it is back once and sends all of it, each once', async () => {
    await system.mocker!.puppet.logout();
    await waitFor(() => system.bot!.status() === 'logged_out');
    const before = world.inRoom(group).length;
    for (const room of ['101', '102', '201']) expect((await paperVote(room)).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(world.inRoom(group).length).toBe(before);
    expect(await unsent()).toBe(3);

    clock.set(new Date(clock.now().getTime() + 10 * 60_000));
    system.mocker!.login(botUser);
    await waitFor(async () => (await unsent()) === 0);
    await waitFor(() => world.inRoom(group).length === before + 4);
    const after = world.inRoom(group).slice(before);
    expect(after[0]).toBe(backOnlineNotice(10 * 60_000));
    expect(after.slice(1).every((text) => text.includes('纸质表决已录入'))).toBe(true);
    expect(new Set(after).size).toBe(after.length);
  });

  it('says nothing about a pause of seconds', async () => {
    await system.mocker!.puppet.logout();
    await waitFor(() => system.bot!.status() === 'logged_out');
    const before = world.inRoom(group).length;
    expect((await paperVote('202')).status).toBe(201);
    clock.set(new Date(clock.now().getTime() + 5000));
    system.mocker!.login(botUser);
    await waitFor(async () => (await unsent()) === 0);
    await waitFor(() => world.inRoom(group).length === before + 1);
    expect(world.inRoom(group).slice(before)[0]).toContain('纸质表决已录入');
  });
});
