/**
 * Binding households and voting by chat in the real system: the bot on the mock
 * puppet, the embedded database, the real outbox. Residents speak in the mock group or privately; what
 * the bot says is observed as Wechaty reports its own messages.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import {
  bindingCodeExpired,
  bindingCodeSaidInGroup,
  bindingLocked,
  confirmVoteQuestion,
  groupVoteNotice,
  helpMessage,
  householdBound,
  householdBoundNotice,
  joinRequestPending,
  joinRequestToOwner,
  notBoundMessage,
  wrongBindingCode,
} from '../../messages/index.js';
import { FixedClock } from '../../lib/clock.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'chat_vote');
const { logLines, said, post, inbox } = world;
let system: System;
let group: mock.RoomMock;
let li: mock.ContactMock;
let wang: mock.ContactMock;
let zhang: mock.ContactMock;
let unitId: string;
let codes: { room: string; code: string }[];

/** Says `text` as `who` (in the group, or privately to the bot) and waits until it is handled. */
const say = (who: mock.ContactMock, text: string, where: 'group' | 'bot' = 'group'): Promise<Message> =>
  world.say(who, text, where === 'group' ? group : 'bot');
const privately = world.privately;
const inGroup = () => world.inRoom(group);
const votes = () =>
  system.models.caseEvents
    .find({ caseId: unitId, type: 'VoteCast' })
    .sort({ seq: 1 })
    .lean<CaseEventDoc[]>()
    .exec();
const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;

beforeAll(async () => {
  system = await world.start();
  ({ li, wang, zhang, group } = world.residents());
  ({ unitId } = await world.unitWithBallot(group));
});

afterAll(world.stop);

describe('household binding codes', () => {
  it('issues one code per flat over the API; the stream records the rooms, never the codes', async () => {
    const first = await post(`/api/v1/units/${unitId}/binding-codes`);
    expect(first.status).toBe(201);
    const reissued = await post(`/api/v1/units/${unitId}/binding-codes`);
    codes = reissued.body.codes as typeof codes;
    expect(codes.map((c) => c.room)).toEqual(['101', '102', '201', '202', '301', '302']);
    for (const { code } of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    const old = await system.models.bindingCodes.findById(first.body.codes[0].code).lean().exec();
    expect(old?.revokedAt).toEqual(clock.now());
    const issued = await system.models.caseEvents
      .find({ caseId: unitId, type: 'BindingCodesIssued' })
      .lean()
      .exec();
    expect(issued).toHaveLength(2);
    expect(JSON.stringify(issued)).not.toContain(codes[0]!.code);
    expect((await post('/api/v1/units/u_aaaaaaaaaaaaaaaa/binding-codes')).status).toBe(404);
  });
});

describe('binding by chat', () => {
  it('binds with a code said privately: private confirmation, the room only in the group', async () => {
    await say(li, `绑定 ${codeOf('302').toLowerCase()}`, 'bot');
    await waitFor(() => inGroup().includes(householdBoundNotice('302')));
    await waitFor(() => privately(li).includes(householdBound({ room: '302', role: 'owner' })));
    const bound = await system.models.caseEvents
      .find({ caseId: unitId, type: 'HouseholdBound' })
      .lean()
      .exec();
    expect(bound.map((e) => e.data)).toEqual([
      { room: '302', contactId: li.id, role: 'owner', boundAt: clock.now().toISOString() },
    ]);
    expect(await system.models.contacts.findById(li.id).lean().exec()).toMatchObject({
      flats: [{ unitId, room: '302', role: 'owner' }],
    });
    expect(await system.models.bindingLockouts.findById(li.id).lean().exec()).toBeNull();
  });

  it('binds nobody with a code said in the group: it is void, the committee gets a new one privately, and only the owner binds', async () => {
    const mocker = system.mocker!;
    const owner = mocker.createContact({ name: '周先生' });
    const tenant = mocker.createContact({ name: '租客' });
    await group.add(owner);
    await group.add(tenant);
    expect(
      (await post(`/api/v1/units/${unitId}/contacts`, { contactId: zhang.id, role: 'committee' })).status,
    ).toBe(201);
    const slip = codeOf('202');
    const groupBefore = inGroup().length;
    await say(owner, `绑定 ${slip}`);
    await waitFor(() => privately(owner).includes(bindingCodeSaidInGroup(true)));
    await waitFor(() => privately(zhang).some((text) => text.startsWith('202 的绑定码被发在了群里')));
    const fresh = /新的绑定码：([0-9A-Z]{8})/.exec(
      privately(zhang).find((t) => t.startsWith('202 的'))!,
    )![1]!;
    expect(fresh).not.toBe(slip);
    expect(inGroup().slice(groupBefore).join('\n')).not.toContain(fresh);
    expect(await system.models.bindingCodes.findById(slip).lean().exec()).toMatchObject({
      revokedReason: 'said_in_group',
    });

    // The tenant read the slip in the group: it binds nobody now.
    await say(tenant, `绑定 ${slip}`, 'bot');
    await waitFor(() => privately(tenant).includes(bindingCodeExpired()));
    // The owner binds with the new slip the committee handed over; a slip binds one person, once.
    await say(owner, `绑定 ${fresh}`, 'bot');
    await waitFor(() => privately(owner).includes(householdBound({ room: '202', role: 'owner' })));
    await say(tenant, `绑定 ${fresh}`, 'bot');
    await waitFor(() => privately(tenant).includes(joinRequestPending('202')));
    await waitFor(() => privately(owner).includes(joinRequestToOwner('202')));
    const bound = await system.models.caseEvents
      .find({ caseId: unitId, type: 'HouseholdBound', 'data.room': '202' })
      .lean<CaseEventDoc[]>()
      .exec();
    expect(bound.map((e) => e.data)).toEqual([
      expect.objectContaining({ contactId: owner.id, role: 'owner' }),
      expect.objectContaining({ contactId: tenant.id, role: 'co_owner', pending: true, requested: true }),
    ]);
  });

  it('locks a contact for an hour after 5 wrong codes', async () => {
    for (let i = 1; i <= 4; i++) {
      await say(wang, `绑定 ABCDEF${i + 1}${i + 1}`, 'bot');
      await waitFor(() => privately(wang).includes(wrongBindingCode(5 - i)));
    }
    await say(wang, '绑定 ABCDEF77', 'bot');
    const locked = bindingLocked(new Date(clock.now().getTime() + 3_600_000));
    await waitFor(() => privately(wang).includes(locked));
    // Even the right code waits for the hour.
    await say(wang, `绑定 ${codeOf('101')}`, 'bot');
    await waitFor(() => privately(wang).filter((t) => t === locked).length === 2);
  });
});

describe('voting by chat', () => {
  let first: Message;

  it('records 同意 from a bound contact with its message: private receipt, group notice', async () => {
    first = await say(li, '同意');
    const [event] = await votes();
    expect(event).toMatchObject({
      channel: 'wechat',
      actor: { kind: 'resident', id: li.id },
      data: {
        room: '302',
        choice: 'agree',
        channel: 'wechat',
        voterId: li.id,
        messageId: first.id,
        text: '同意',
      },
    });
    await waitFor(() => privately(li).some((t) => t.includes(event!.hash.slice(0, 8).toUpperCase())));
    await waitFor(() => inGroup().some((t) => t.startsWith('302 已表决。')));
    expect(inGroup().find((t) => t.startsWith('302 已表决'))).toBe(
      groupVoteNotice({
        room: '302',
        tally: {
          agree: { owners: 1 },
          oppose: { owners: 0 },
          abstain: { owners: 0 },
          totals: { owners: 6 },
        } as never,
      }),
    );
  });

  it('changes nothing when the same message is delivered twice', async () => {
    const before = said.length;
    (system.bot!.wechaty as unknown as { emit(event: 'message', m: Message): void }).emit('message', first);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await votes()).toHaveLength(1);
    expect(said.length).toBe(before);
  });

  it('reads a full-width １ as agree, kept verbatim', async () => {
    const message = await say(li, '１', 'bot');
    const all = await votes();
    expect(all).toHaveLength(2);
    expect(all[1]!.data).toMatchObject({ choice: 'agree', text: '１', messageId: message.id });
    await waitFor(() => privately(li).some((t) => t.startsWith('302 的表决已改为：同意')));
  });

  it('counts no vote from an unbound member and tells them privately how to bind', async () => {
    await say(zhang, '同意');
    await waitFor(() => privately(zhang).includes(notBoundMessage({ afterVote: true })));
    expect(await votes()).toHaveLength(2);
  });

  it('ignores other emoji and very long text; a thumbs-up and 帮助 are answered privately only', async () => {
    const before = said.length;
    const emoji = await say(li, '🎉🎉');
    const long = await say(li, '同意'.repeat(600));
    expect((await inbox(emoji.id))?.status).toBe('ignored');
    expect((await inbox(long.id))?.status).toBe('ignored');
    await say(li, '👍👍');
    await waitFor(() => privately(li).includes(confirmVoteQuestion({ choice: 'agree', rooms: ['302'] })));
    await say(zhang, '帮助');
    // zhang was recorded as the committee above: the menu offers 提醒 too.
    await waitFor(() => privately(zhang).includes(helpMessage({ canRemind: true })));
    expect(said.length).toBe(before + 2);
    expect(said.slice(before).every((s) => s.roomId === null)).toBe(true);
    expect(await votes()).toHaveLength(2);
  });

  it('logs ids, never what was said nor the codes', () => {
    const all = logLines.join('\n');
    for (const text of ['同意', '李大爷', '绑定', codeOf('302')]) expect(all).not.toContain(text);
  });
});
