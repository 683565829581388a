/**
 * Chat edge cases through the real bot on the mock puppet, the embedded database and
 * the real outbox — the ones `chat-vote.test.ts` does not already walk through: a binding code or a vote
 * in another unit's group, a message delivered twice in a group (binding and vote), a vote with an
 * emoji or a full-width digit in a group, 5,000 characters, and a vote after `closesAt` and after the
 * ballot is closed. Each asserts the exact reply (from `messages/`) and that nothing is stored
 * twice and no vote is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import {
  bindingCodeSaidInGroup,
  errorMessage,
  householdBound,
  householdBoundNotice,
  noOpenBallot,
  notInThisUnit,
  voteReceipt,
} from '../../messages/index.js';
import { closeBallot } from '../../commands/close-ballot.js';
import { FixedClock } from '../../lib/clock.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'chat_edges');
const { said, post, inbox } = world;
let system: System;
let li: mock.ContactMock;
let groupA: mock.RoomMock;
let groupB: mock.RoomMock;
let unitA: string;
let unitB: string;
let ballotA: string;
let closesAtA: string;
let codesA: { room: string; code: string }[];
let codesB: { room: string; code: string }[];

const events = (caseId: string, type: string) =>
  system.models.caseEvents.find({ caseId, type }).sort({ seq: 1 }).lean<CaseEventDoc[]>().exec();
const votesA = () => events(unitA, 'VoteCast');
const codeOf = (codes: { room: string; code: string }[], room: string) =>
  codes.find((c) => c.room === room)!.code;
/** Replays a message Wechaty already delivered, as a puppet reconnecting would. */
const redeliver = (message: Message) =>
  (system.bot!.wechaty as unknown as { emit(event: 'message', m: Message): void }).emit('message', message);
/** The outbox rows enqueued in answer to one message (`reply:<messageId>:<n>`). */
const repliesTo = (message: Message) =>
  system.models.outbox.countDocuments({ _id: { $regex: `^reply:${message.id}:` } }).exec();
/** Waits for the outbox to have sent everything, so `said` is complete. */
const drained = () =>
  waitFor(
    async () =>
      (await system.models.outbox.countDocuments({ status: { $in: ['pending', 'sending'] } })) === 0,
  );
const privately = () => world.privately(li);

beforeAll(async () => {
  system = await world.start();
  const mocker = system.mocker!;
  const residents = world.residents();
  ({ li, group: groupA } = residents);
  groupB = mocker.createRoom({
    topic: '测试小区 5 幢 1 单元',
    memberIdList: [mocker.puppet.currentUserId, li.id, residents.wang.id],
  });
  ({ unitId: unitA, ballotId: ballotA, closesAt: closesAtA } = await world.unitWithBallot(groupA));
  ({ unitId: unitB } = await world.unitWithBallot(groupB));
  const a = await post(`/api/v1/units/${unitA}/binding-codes`);
  const b = await post(`/api/v1/units/${unitB}/binding-codes`);
  expect([a.status, b.status]).toEqual([201, 201]);
  codesA = a.body.codes as typeof codesA;
  codesB = b.body.codes as typeof codesB;
});

afterAll(world.stop);

describe('another unit', () => {
  it('refuses a binding code said in a group, voids it, and counts no wrong try', async () => {
    await world.say(li, `绑定 ${codeOf(codesB, '101')}`, groupA);
    await waitFor(() => privately().includes(bindingCodeSaidInGroup(false)));
    expect(await events(unitB, 'HouseholdBound')).toHaveLength(0);
    const voided = await system.models.bindingCodes.findById(codeOf(codesB, '101')).lean().exec();
    expect(voided).toMatchObject({ revokedReason: 'said_in_group' });
    const contact = await system.models.contacts.findById(li.id).lean().exec();
    expect(contact?.flats ?? []).toEqual([]);
    const lockout = await system.models.bindingLockouts.findById(li.id).lean().exec();
    expect(lockout?.failedTries ?? 0).toBe(0);
    expect(world.inRoom(groupA)).toEqual([]);
  });

  it('binds once when the same private 绑定 message is delivered twice; the group hears the room', async () => {
    const message = await world.say(li, `绑定 ${codeOf(codesA, '302')}`, 'bot');
    await waitFor(() => privately().includes(householdBound({ room: '302', role: 'owner' })));
    await waitFor(() => world.inRoom(groupA).includes(householdBoundNotice('302')));
    await drained();
    const before = said.length;
    redeliver(message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await drained();
    expect(said.length).toBe(before);
    expect(await events(unitA, 'HouseholdBound')).toHaveLength(1);
    expect(await repliesTo(message)).toBe(2);
    expect(await system.models.inbox.countDocuments({ _id: message.id })).toBe(1);
  });

  it('counts no vote said in the group of a unit the speaker has no flat in', async () => {
    const before = privately().length;
    await world.say(li, '同意', groupB);
    await waitFor(() => privately().length > before);
    expect(privately().slice(before)).toEqual([notInThisUnit()]);
    expect(await events(unitB, 'VoteCast')).toHaveLength(0);
    expect(await votesA()).toHaveLength(0);
    expect(world.inRoom(groupB)).toEqual([]);
  });
});

describe('what residents type', () => {
  it('records 同意 with an emoji in the group, verbatim, and answers with the exact receipt', async () => {
    const message = await world.say(li, '同意👍👍', groupA);
    const [vote] = await votesA();
    expect(vote!.data).toMatchObject({
      room: '302',
      choice: 'agree',
      text: '同意👍👍',
      messageId: message.id,
    });
    const receipt = voteReceipt({ room: '302', choice: 'agree', at: vote!.at, hash: vote!.hash });
    await waitFor(() => privately().includes(receipt));
  });

  it('stores and answers a vote delivered twice in the group once', async () => {
    const message = await world.say(li, '弃权', groupA);
    await drained();
    const before = said.length;
    expect(await votesA()).toHaveLength(2);
    redeliver(message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await drained();
    expect(said.length).toBe(before);
    expect(await votesA()).toHaveLength(2);
    expect(await repliesTo(message)).toBe(2);
  });

  it('reads a full-width ２ in the group as oppose, changing the vote', async () => {
    const message = await world.say(li, '２', groupA);
    const all = await votesA();
    expect(all).toHaveLength(3);
    expect(all[2]!.data).toMatchObject({ choice: 'oppose', text: '２', messageId: message.id });
    const receipt = voteReceipt({
      room: '302',
      choice: 'oppose',
      at: all[2]!.at,
      hash: all[2]!.hash,
      changed: true,
    });
    await waitFor(() => privately().includes(receipt));
  });

  it('keeps 5,000 characters verbatim in the inbox as conversation: no answer, no vote', async () => {
    await drained();
    const before = said.length;
    const text = `同意${'。'.repeat(4998)}`;
    const message = await world.say(li, text, groupA);
    const stored = await inbox(message.id);
    expect(stored?.status).toBe('ignored');
    expect(stored?.text).toBe(text);
    expect(stored?.text).toHaveLength(5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(said.length).toBe(before);
    expect(await votesA()).toHaveLength(3);
  });
});

describe('after the vote', () => {
  it('refuses a vote after closesAt with the ballot_closed sentence, recording nothing', async () => {
    clock.set(new Date(new Date(closesAtA).getTime() + 60_000));
    const before = privately().length;
    await world.say(li, '同意', groupA);
    await waitFor(() => privately().length > before);
    expect(privately().slice(before)).toEqual([errorMessage('ballot_closed')]);
    expect(await votesA()).toHaveLength(3);
  });

  it('says there is no open ballot once it is closed, recording nothing', async () => {
    await closeBallot(system.commands, ballotA, {
      actor: { kind: 'admin', id: 'test' },
      channel: 'api',
      now: clock.now(),
    });
    const before = privately().length;
    await world.say(li, '1', groupA);
    await waitFor(() => privately().length > before);
    expect(privately().slice(before)).toEqual([noOpenBallot()]);
    expect(await votesA()).toHaveLength(3);
  });
});
