/**
 * Faults: every inbound chat message delivered twice — at once, while the first
 * delivery is still being handled, and again long after — changes nothing: one vote per message, one
 * receipt per flat, one group notice, and no stored record differs from a single delivery. The real
 * bot on the mock puppet, the real outbox, the embedded database.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { bindHousehold } from '../../commands/bind-household.js';
import { FixedClock } from '../../lib/clock.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';
import { storedRecords } from '../support/stored.js';
import { FAULT_TEST_TIMEOUT_MS } from './support.js';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'fault_redeliver');
let system: System;
let group: mock.RoomMock;
let unitId: string;
let voters: mock.ContactMock[];

/** Hands `message` to the bot again, as a puppet that redelivers after a reconnect does. */
function redeliver(message: Message): void {
  (system.bot!.wechaty as unknown as { emit(event: 'message', m: Message): void }).emit('message', message);
}

const votes = () => system.models.caseEvents.countDocuments({ caseId: unitId, type: 'VoteCast' }).exec();
/** Settled: every heard message handled and every queued message sent. */
async function settled(): Promise<void> {
  await waitFor(async () => (await system.models.inbox.countDocuments({ status: 'received' })) === 0);
  await waitFor(async () => (await system.models.outbox.countDocuments({ status: { $ne: 'sent' } })) === 0);
}

beforeAll(async () => {
  system = await world.start();
  const mocker = system.mocker!;
  voters = Array.from({ length: 6 }, (_, i) => mocker.createContact({ name: `住户${i + 1}` }));
  group = mocker.createRoom({
    topic: '重投测试单元',
    memberIdList: [mocker.puppet.currentUserId, ...voters.map((v) => v.id)],
  });
  ({ unitId } = await world.unitWithBallot(group));
  const codes = (await world.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as {
    room: string;
    code: string;
  }[];
  for (const [i, voter] of voters.entries()) {
    await bindHousehold(system.commands, { contactId: voter.id, code: codes[i]!.code }, { now: clock.now() });
  }
});
afterAll(world.stop);

describe('a burst of chat votes, each delivered twice', () => {
  it('records one vote per message and says each receipt once', async () => {
    const heardBefore = world.heard.length;
    // Every voter says 同意 in the group; each message reaches the bot twice, back to back.
    for (const voter of voters) voter.say('同意').to(group);
    await waitFor(() => world.heard.length >= heardBefore + voters.length);
    const messages = world.heard.slice(heardBefore);
    for (const message of messages) redeliver(message);
    await settled();
    expect(await votes()).toBe(voters.length);
    for (const voter of voters) {
      expect(world.privately(voter).filter((text) => text.includes('已记录'))).toHaveLength(1);
    }

    // Delivered a third time, long after: nothing stored changes, nothing more is said.
    const stored = await storedRecords(system.models);
    const saidBefore = world.said.length;
    for (const message of messages) redeliver(message);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await settled();
    expect(await storedRecords(system.models)).toEqual(stored);
    expect(world.said.length).toBe(saidBefore);
  });
});
