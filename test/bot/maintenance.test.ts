/**
 * `维保确认` through the real bot on the mock puppet, the embedded database and the real outbox
 * (domain.md §7: the 使用单位 signs off each maintenance visit): the contact recorded as the unit's
 * 使用单位 says it privately and the latest visit waiting is signed off — recorded as theirs, in chat —
 * and they are answered privately with the visit's day; with none waiting they are told so; a resident
 * saying it is refused in plain Chinese and nothing is stored. `帮助` offers the line to the 使用单位
 * alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import { FixedClock } from '../../lib/clock.js';
import { errorMessage, householdBound, visitConfirmedMessage } from '../../messages/index.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import type { OutboxDoc } from '../../models/outbox.js';
import type { System } from '../../system.js';
import { endPublicity } from '../support/api-helpers.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { ADMIN_TOKEN, T0, type Json } from '../support/http.js';
import { rooms } from '../support/units.js';

const DAY = 86_400_000;
const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'maintenance');
const { post } = world;
const MAINTENANCE_LINE = '维保做完后，私聊我回复 维保确认，签收这次维保。';

let system: System;
let group: mock.RoomMock;
/** The unit's 使用单位 (its safety manager), recorded in that role. */
let safety: mock.ContactMock;
/** A resident bound to 302. */
let li: mock.ContactMock;
/** Someone the bot knows of no unit. */
let wang: mock.ContactMock;
let unitId: string;

const eventsOfUnit = () =>
  system.models.caseEvents.find({ caseId: unitId }).sort({ seq: 1 }).lean<CaseEventDoc[]>().exec();
const privately = world.privately;

/** Says `text` privately to the bot as `who`, waits for its one reply, and returns it (it goes to `who` alone). */
async function askPrivately(who: mock.ContactMock, text: string): Promise<string> {
  const message = await world.say(who, text, 'bot');
  const queued = await system.models.outbox
    .find({ _id: { $regex: `^reply:${message.id}:` } })
    .lean<OutboxDoc[]>()
    .exec();
  expect(queued.map((doc) => doc.to)).toEqual([{ kind: 'contact', id: who.id }]);
  const reply = queued[0]!.text;
  await waitFor(() => privately(who).includes(reply));
  return reply;
}

/** PUTs `body` as the administrator. */
async function put(path: string, body: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${system.url}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** POSTs as the administrator and expects `status`. */
async function step(path: string, body: unknown = {}, status = 201): Promise<Json> {
  const reply = await post(path, body);
  expect({ path, status: reply.status }).toEqual({ path, status });
  return reply.body;
}

beforeAll(async () => {
  system = await world.start();
  ({ li, wang, group } = world.residents());
  safety = system.mocker!.createContact({ name: '物业安全员' });
  const { unitId: id, ballotId } = await world.unitWithBallot(group);
  unitId = id;
  const unit = (tail: string) => `/api/v1/units/${unitId}${tail}`;
  for (const room of rooms(6))
    await step(`/api/v1/ballots/${ballotId}/votes`, {
      room,
      choice: 'agree',
      channel: 'paper',
      reference: `P-${room}`,
    });
  clock.set(new Date(Date.parse(T0) + 7 * DAY));
  await step(`/api/v1/ballots/${ballotId}/close`, {}, 200);
  await step(unit('/agreement'));
  // Signed Monday 2025-03-10: publicity ends at 24:00 of Thursday 2025-03-20.
  clock.set('2025-03-20T16:00:00.000Z');
  await endPublicity(system.commands, unitId, clock.now());
  clock.set('2025-03-21T02:00:00.000Z');
  await step(unit('/application'), { materials: ['加装电梯申请书'] });
  await step(unit('/application/acceptance'), { departments: ['区住建局'] });
  await step(unit('/application/opinions'), { department: '区住建局', opinion: 'approve' });
  await step(unit('/application/conclusion'), { decision: 'approved' });
  await step(unit('/works/pipeline-relocation'), { utilities: ['燃气'] });
  await step(unit('/works/installation-notice'), { installer: '杭州某电梯安装公司' });
  await step(unit('/works/start'));
  clock.set('2025-06-02T02:00:00.000Z');
  await step(unit('/works/completion'));
  await step(unit('/works/inspections'), { passed: true });
  await step(unit('/works/acceptance'));
  await step(unit('/user-unit'), { name: '杭州某物业公司', kind: 'entrusted_manager' });
  await step(unit('/handover'));
  clock.set('2025-06-20T02:00:00.000Z');
  await step(unit('/use-registration'));

  // li binds 302; the 使用单位's safety manager is recorded in that role.
  const codes = (await step(unit('/binding-codes'))).codes as { room: string; code: string }[];
  await world.say(li, `绑定 ${codes.find((c) => c.room === '302')!.code}`, 'bot');
  await waitFor(() => privately(li).includes(householdBound({ room: '302', role: 'owner' })));
  expect(await post(unit('/contacts'), { contactId: safety.id, role: 'user_unit' })).toMatchObject({
    status: 201,
    body: { recorded: true },
  });
});

afterAll(world.stop);

describe('帮助', () => {
  it('offers 维保确认 to the 使用单位 once the elevator is recorded, and never to a resident', async () => {
    const beforeRecord = await askPrivately(safety, '帮助');
    expect(beforeRecord).not.toContain('维保确认');

    const recorded = await put(`/api/v1/units/${unitId}/elevator`, {
      rescueCode: '33010600042',
      maker: '奥的斯',
      model: 'GeN2-MRL',
      maintainer: { name: '杭州安达电梯维保', serviceLine: '0571-88886666' },
      contractFrom: '2025-06-20',
      contractTo: '2026-06-19',
    });
    expect(recorded.status).toBe(200);

    const toUserUnit = (await askPrivately(safety, '帮助')).split('\n');
    const toResident = (await askPrivately(li, '帮助')).split('\n');
    expect(toResident).not.toContain(MAINTENANCE_LINE);
    expect(toResident.join('\n')).not.toContain('维保确认');
    // The same menu, and the one line more, just before the last.
    expect(toUserUnit).toEqual([...toResident.slice(0, -1), MAINTENANCE_LINE, toResident.at(-1)]);
  });
});

describe('维保确认', () => {
  it('from a resident or a stranger: refused in plain Chinese, nothing stored', async () => {
    await step(`/api/v1/units/${unitId}/elevator/visits`, { kind: 'half_monthly', visitedOn: '2025-06-19' });
    const before = await eventsOfUnit();
    const refusal = errorMessage('forbidden', { action: 'confirm_maintenance' });
    expect(refusal).toBe('维保要由电梯的使用单位确认。');
    expect(await askPrivately(li, '维保确认')).toBe(refusal);
    expect(await askPrivately(wang, '维保确认')).toBe(refusal);
    expect(await eventsOfUnit()).toEqual(before);
  });

  it('from the 使用单位, privately: signs off the latest visit waiting, answered with its day', async () => {
    clock.set('2025-06-20T06:00:00.000Z');
    await step(`/api/v1/units/${unitId}/elevator/visits`, { kind: 'quarterly', visitedOn: '2025-06-20' });
    const before = (await eventsOfUnit()).length;
    const heardInGroup = world.inRoom(group).length;
    const reply = await askPrivately(safety, '维保确认');
    expect(reply).toBe(visitConfirmedMessage('2025-06-20'));
    expect(reply).toBe('已确认 6月20日 的维保。谢谢！');
    const after = await eventsOfUnit();
    expect(after).toHaveLength(before + 1);
    const visits = (await world.system.models.caseEvents
      .find({ caseId: unitId, type: 'MaintenanceVisitLogged' })
      .sort({ seq: 1 })
      .lean<CaseEventDoc[]>()
      .exec()) as Json[];
    expect(after.at(-1)).toMatchObject({
      type: 'MaintenanceVisitConfirmed',
      actor: { kind: 'user_unit', id: safety.id },
      channel: 'wechat',
      data: { visitId: visits[1].data.visitId, confirmedAt: '2025-06-20T06:00:00.000Z' },
    });
    // The group heard nothing of it.
    expect(world.inRoom(group).slice(heardInGroup)).toEqual([]);
  });

  it('signs off the earlier visit next, then says none waits, storing nothing', async () => {
    expect(await askPrivately(safety, '确认维保')).toBe('已确认 6月19日 的维保。谢谢！');
    const before = await eventsOfUnit();
    const none = await askPrivately(safety, '维保确认');
    expect(none).toBe(errorMessage('visit_not_found'));
    expect(none).toBe('现在没有等您确认的维保。维保单位登记这次维保后，再回复 维保确认。');
    expect(await eventsOfUnit()).toEqual(before);
  });
});
