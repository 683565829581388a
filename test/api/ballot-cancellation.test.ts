/**
 * `POST /api/v1/ballots/:id/cancellation` and the timing of a close by hand, over real HTTP on the
 * real database. A cancellation is one event with who (the stream's actor) and why; it is announced
 * in the unit's group and told privately to everyone who got a vote receipt, once. A close right at
 * `closesAt` — or within the scheduler's grace period after it — is not late.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { announceBallotCancelled } from '../../commands/cancel-ballot.js';
import { castChatVote } from '../../commands/cast-chat-vote.js';
import { readBallot } from '../../commands/read-case.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { expectError, openBallot, publishPlan, registerUnit, vote } from '../support/api-helpers.js';
import { bindTestGroup } from '../support/groups.js';
import { startTestApi, T0, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';

const DAY = 86_400_000;
const at = (days: number, ms = 0) => new Date(Date.parse(T0) + days * DAY + ms).toISOString();

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const cancel = (ballotId: string, body: unknown = { reason: '名册录错了，重新核对后再表决' }) =>
  api.post(`/api/v1/ballots/${ballotId}/cancellation`, body);
const outbox = (prefix: string) =>
  api.system.models.outbox
    .find({ _id: { $regex: `^${prefix}` } })
    .sort({ _id: 1 })
    .lean<OutboxDoc[]>()
    .exec();

/** A unit of 6 with its group bound, plan 1 and the elevator ballot open until day 7. */
async function votingUnit(roomId: string): Promise<{ unitId: string; ballotId: string }> {
  api.clock.set(T0);
  const unitId = await registerUnit(api, 6);
  await bindTestGroup(api.system.commands, roomId, unitId, api.clock.now());
  await publishPlan(api, unitId);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: at(7) });
  return { unitId, ballotId: ballot.id as string };
}

describe('POST /api/v1/ballots/:id/cancellation', () => {
  let unitId: string;
  let ballotId: string;
  const roomId = 'room-cancel';

  beforeAll(async () => {
    ({ unitId, ballotId } = await votingUnit(roomId));
    // 101 and 102 vote in chat (each gets a receipt); 201 on paper (no chat receipt).
    const codes = (await api.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as {
      room: string;
      code: string;
    }[];
    for (const room of ['101', '102']) {
      const code = codes.find((c) => c.room === room)!.code;
      const bound = await bindHousehold(
        api.system.commands,
        { contactId: `wx-${room}`, code },
        { now: api.clock.now() },
      );
      expect(bound.kind).toBe('bound');
      const cast = await castChatVote(
        api.system.commands,
        {
          contactId: `wx-${room}`,
          messageId: `m-${room}`,
          text: '同意',
          choice: 'agree',
          groupUnitId: unitId,
        },
        { now: api.clock.now() },
      );
      expect(cast.kind).toBe('recorded');
    }
    // 101 changes its mind: still one private word to it.
    await castChatVote(
      api.system.commands,
      { contactId: 'wx-101', messageId: 'm-101-b', text: '反对', choice: 'oppose', groupUnitId: unitId },
      { now: api.clock.now() },
    );
    await vote(api, ballotId, ['201'], 'agree');
  });

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(`/api/v1/ballots/${ballotId}/cancellation`, { reason: '重来' }, { token: null }),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['no reason', {}],
    ['an empty reason', { reason: '  ' }],
    ['a reason too long', { reason: '长'.repeat(201) }],
  ])('refuses %s (400 validation_error on reason) and stores nothing', async (_label, body) => {
    const before = await storedRecords(api.system.models);
    const reply = await cancel(ballotId, body);
    expectError(reply, 400, 'validation_error', /「reason」/);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('answers 404 ballot_not_found for an unknown ballot', async () => {
    expectError(await cancel('b_aaaaaaaaaaaaaaaa_aaaaaaaa'), 404, 'ballot_not_found');
    expectError(await cancel('nonsense'), 404, 'ballot_not_found');
  });

  it('cancels with its reason, takes the case back to planning, and announces it once (201)', async () => {
    api.clock.set(at(2));
    const reply = await cancel(ballotId);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      id: ballotId,
      status: 'cancelled',
      acceptingVotes: false,
      cancelledAt: at(2),
      cancelReason: '名册录错了，重新核对后再表决',
      votesRecorded: 4,
      stage: 'planning',
      announced: { group: 'queued', privately: 2 },
    });
    const event = (await api.system.commands.streams.load(unitId)).at(-1)!;
    expect(event).toMatchObject({
      type: 'BallotCancelled',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      at: new Date(at(2)),
      data: { ballotId, cancelledAt: at(2), reason: '名册录错了，重新核对后再表决' },
    });

    const sent = await outbox(`cancel:${unitId}:${ballotId}:`);
    expect(sent.map((doc) => [doc._id, doc.to, doc.priority])).toEqual([
      [`cancel:${unitId}:${ballotId}:group`, { kind: 'room', id: roomId }, 'notice'],
      [`cancel:${unitId}:${ballotId}:wx-101`, { kind: 'contact', id: 'wx-101' }, 'notice'],
      [`cancel:${unitId}:${ballotId}:wx-102`, { kind: 'contact', id: 'wx-102' }, 'notice'],
    ]);
    const [group, first] = sent;
    expect(group!.text).toContain('表决「表决」已经取消');
    expect(group!.text).toContain('原因：名册录错了，重新核对后再表决');
    expect(group!.text).not.toContain('101');
    expect(first!.text).toContain('101 参加的表决「表决」已经取消了');
    expect(first!.text).toContain('不再计算');
  });

  it('keeps the votes on record, never counts them, and refuses votes, a tally and a close (409 ballot_closed)', async () => {
    const ballot = (await api.get(`/api/v1/ballots/${ballotId}`)).body;
    expect(ballot).toMatchObject({ status: 'cancelled', votesRecorded: 4 });
    expect(ballot.result).toBeUndefined();
    expectError(await api.get(`/api/v1/ballots/${ballotId}/tally`), 409, 'ballot_closed', /已经取消了/);
    const late = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
      room: '202',
      choice: 'agree',
      channel: 'paper',
      reference: 'P-202',
    });
    expectError(late, 409, 'ballot_closed');
    api.clock.set(at(7));
    expectError(await api.post(`/api/v1/ballots/${ballotId}/close`), 409, 'ballot_closed');
  });

  it('refuses a second cancellation, and announcing again queues nothing new', async () => {
    const before = await storedRecords(api.system.models);
    const again = await cancel(ballotId, { reason: '再取消一次' });
    expectError(again, 409, 'ballot_closed', /已经取消了/);
    expect(again.body.details).toMatchObject({ ballotId, status: 'cancelled' });
    expect(await storedRecords(api.system.models)).toEqual(before);
    const announced = await announceBallotCancelled(
      api.system.commands,
      await readBallot(api.system.commands, ballotId),
      { now: api.clock.now() },
    );
    expect(announced).toEqual({ group: 'duplicate', privately: 0 });
    expect(await outbox(`cancel:${unitId}:${ballotId}:`)).toHaveLength(3);
  });

  it('lets a new elevator ballot open on the plan', async () => {
    const next = await openBallot(api, unitId, { matter: 'major', closesAt: at(14) });
    expect(next.status).toBe('open');
    expect((await api.get(`/api/v1/units/${unitId}`)).body.stage).toBe('voting');
  });

  it('refuses to cancel a closed ballot (409 ballot_closed)', async () => {
    const other = await votingUnit('room-cancel-closed');
    api.clock.set(at(7));
    expect((await api.post(`/api/v1/ballots/${other.ballotId}/close`)).status).toBe(200);
    const reply = await cancel(other.ballotId);
    expectError(reply, 409, 'ballot_closed', /已经结束了/);
    expect(await outbox(`cancel:${other.unitId}:`)).toEqual([]);
  });
});

describe('POST /api/v1/ballots/:id/close: on time at closesAt', () => {
  const closeAt = async (ms: number) => {
    const { ballotId } = await votingUnit(`room-close-${ms}`);
    api.clock.set(at(7, ms));
    const reply = await api.post(`/api/v1/ballots/${ballotId}/close`);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('is not late when closed by hand right at closesAt', async () => {
    expect(await closeAt(0)).toMatchObject({ status: 'closed', closedAt: at(7), late: false });
  });

  it('is not late when closed by hand within the grace period the scheduler gets (60 s)', async () => {
    expect(await closeAt(1_000)).toMatchObject({ late: false });
    expect(await closeAt(60_000)).toMatchObject({ late: false });
  });

  it('is late past the grace period', async () => {
    expect(await closeAt(60_001)).toMatchObject({ closedAt: at(7, 60_001), late: true });
  });
});
