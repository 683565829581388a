/**
 * `npm run demo`: the real system started with `JIATI_DEMO=1` and the bot on the mock puppet seeds a
 * fictional Hangzhou unit through the real commands and builds its WeChat group, where the seeded
 * neighbours bind and vote through the real bot; a restart on the same database reuses the unit, only
 * rebuilds the in-memory group, and says nothing again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEMO_COMMUNITY_ID,
  DEMO_NEIGHBOUR_COMMUNITY_ID,
  DEMO_PEOPLE,
  DEMO_UNIT_NAME,
} from '../../demo/estate.js';
import { DEMO_NEIGHBOUR_UNIT_ID, DEMO_UNIT_ID } from '../../demo/seed.js';
import { FixedClock } from '../../lib/clock.js';
import { loadConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/log.js';
import { DEMO_STATE_ID, readDemoState, type DemoStateDoc } from '../../demo/models/demo-state.js';
import { readDemoMessages, type DemoMessageDoc } from '../../demo/models/demo-message.js';
import { startSystem, type System } from '../../system.js';
import { FAST_OUTBOX } from '../support/bot.js';
import { testServerUri, uniqueDbName } from '../support/db.js';
import { ADMIN_TOKEN, T0, type Json } from '../support/http.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const dbName = uniqueDbName('demo');
const clock = new FixedClock(T0);
let logLines: string[] = [];

async function start(): Promise<System> {
  const config = loadConfig({
    MONGODB_URI: testServerUri(),
    JIATI_DB_NAME: dbName,
    JIATI_DEMO: '1',
    JIATI_BOT: '1',
    JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
    // The seeded neighbours wait for each answer; the fixed clock never frees a one-a-second limit.
    ...FAST_OUTBOX,
    LOG_LEVEL: 'info',
    PORT: '0',
  });
  logLines = [];
  const log = createLogger({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  return startSystem(config, { clock, log, scheduler: false });
}

async function getJson(system: System, path: string, token: string | null = ADMIN_TOKEN) {
  const response = await fetch(`${system.url}${path}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** The members of the demo group as the bot sees them through Wechaty, and the bot's own id. */
async function groupAsBotSees(system: System) {
  const wechaty = system.bot!.wechaty;
  const group = await wechaty.Room.find({ topic: DEMO_UNIT_NAME });
  if (group === undefined) throw new Error('no demo group');
  const members = await group.memberAll();
  return { groupId: group.id, memberIds: members.map((m) => m.id).sort(), botId: wechaty.currentUser.id };
}

const registrations = (system: System) =>
  system.models.caseEvents.countDocuments({ type: 'UnitRegistered', caseId: DEMO_UNIT_ID }).exec();
const demoState = async (system: System): Promise<DemoStateDoc> =>
  (await readDemoState(system.demoModels!.demoState))!;
const unitOf = async (system: System) =>
  (await system.commands.cases.load((await demoState(system)).unitId)).state;
const transcript = (system: System): Promise<DemoMessageDoc[]> =>
  readDemoMessages(system.demoModels!.demoMessages, 0, 500);
const logged = () => logLines.map((line) => JSON.parse(line) as Json);

let system: System;
let first: DemoStateDoc;

afterAll(async () => {
  await system.connection.dropDatabase().catch(() => undefined);
  await system.stop();
});

describe('npm run demo on an empty database', () => {
  beforeAll(async () => {
    system = await start();
    first = await demoState(system);
  });

  it('registers one unit of 6 floors × 2 flats through the case stream', async () => {
    expect(await registrations(system)).toBe(1);
    const unit = await unitOf(system);
    expect(unit.unit).toMatchObject({ name: DEMO_UNIT_NAME, district: '拱墅区' });
    expect(unit.flats.map((flat) => flat.room)).toEqual(
      ['1', '2', '3', '4', '5', '6'].flatMap((floor) => [`${floor}01`, `${floor}02`]),
    );
    for (const flat of unit.flats) expect(flat.floor).toBe(Number(flat.room[0]));
  });

  it('puts it in one of two communities of one sub-district; a committee token of one sees nothing of the other', async () => {
    expect((await unitOf(system)).communityId).toBe(DEMO_COMMUNITY_ID);
    const neighbour = (await system.commands.cases.load(DEMO_NEIGHBOUR_UNIT_ID)).state;
    expect(neighbour.communityId).toBe(DEMO_NEIGHBOUR_COMMUNITY_ID);
    const issued = await fetch(`${system.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '沈丽萍',
        role: 'committee',
        scope: { kind: 'community', id: DEMO_COMMUNITY_ID },
        expiresInDays: 30,
      }),
    });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as Json;
    expect((await getJson(system, `/api/v1/units/${DEMO_UNIT_ID}`, token)).status).toBe(200);
    const other = await getJson(system, `/api/v1/units/${DEMO_NEIGHBOUR_UNIT_ID}`, token);
    expect(other).toMatchObject({ status: 404, body: { error: 'unit_not_registered' } });
    expect((await getJson(system, `/api/v1/units/${DEMO_NEIGHBOUR_UNIT_ID}`)).status).toBe(200);
  });

  it('gives every flat a registered area from 55 to 95 m², to the hundredth', async () => {
    const unit = await unitOf(system);
    for (const flat of unit.flats) {
      expect(flat.areaSource).toBe('register');
      expect(Number.isInteger(flat.areaCenti)).toBe(true);
      expect(flat.areaCenti).toBeGreaterThanOrEqual(55_00);
      expect(flat.areaCenti).toBeLessThanOrEqual(95_00);
    }
  });

  it('flags exactly one elderly household and has exactly one co-owned flat', async () => {
    const unit = await unitOf(system);
    expect(unit.flats.filter((flat) => flat.elderly).map((flat) => flat.room)).toEqual(['101']);
    expect(unit.needsExtraMediationCare).toBe(true);
    const coOwned = unit.flats.filter((flat) => (flat.owners ?? []).length > 1);
    expect(coOwned).toHaveLength(1);
    expect(coOwned[0]!.owners).toHaveLength(2);
    for (const flat of unit.flats) {
      for (const owner of flat.owners ?? []) expect(owner.phone).toMatch(/^1380000\d{4}$/);
    }
  });

  it('publishes plan v1 and opens the elevator ballot on it for 14 days', async () => {
    const unit = await unitOf(system);
    expect(unit.stage).toBe('voting');
    expect(unit.plan).toMatchObject({ version: 1, title: '加装电梯方案 v1' });
    expect(unit.ballots).toHaveLength(1);
    const [ballot] = unit.ballots;
    expect(ballot).toMatchObject({
      ballotId: first.ballotId,
      matter: 'major',
      purpose: 'elevator',
      planVersion: 1,
      status: 'open',
      closesAt: new Date(Date.parse(T0) + 14 * DAY_MS).toISOString(),
    });
    expect(ballot!.roster).toHaveLength(12);
  });

  it('keeps the demo roster: an applicant representative who owns a flat, a committee member who owns none', async () => {
    const unit = await unitOf(system);
    const ownerNames = new Set(unit.flats.flatMap((flat) => (flat.owners ?? []).map((o) => o.name)));
    expect(first._id).toBe(DEMO_STATE_ID);
    expect(first.people).toHaveLength(15);
    const applicants = first.people.filter((p) => p.roles.includes('applicant_representative'));
    expect(applicants).toHaveLength(1);
    expect(applicants[0]).toMatchObject({ room: '501', roles: ['owner', 'applicant_representative'] });
    expect(ownerNames.has(applicants[0]!.name)).toBe(true);
    const committee = first.people.filter((p) => p.roles.includes('committee_member'));
    expect(committee).toHaveLength(1);
    expect(committee[0]!.room).toBeUndefined();
    expect(ownerNames.has(committee[0]!.name)).toBe(false);
    expect(first.people.filter((p) => p.room === '502')).toHaveLength(2);
    const tenants = first.people.filter((p) => p.roles.includes('tenant'));
    expect(tenants).toEqual([expect.objectContaining({ name: '马小军', roles: ['tenant'] })]);
    expect(tenants[0]!.room).toBeUndefined();
    expect(ownerNames.has(tenants[0]!.name)).toBe(false);
  });

  it('issues one binding code per flat, once', async () => {
    const codes = await system.models.bindingCodes.find({ unitId: first.unitId }).lean().exec();
    expect(codes.map((code) => code.room).sort()).toEqual(
      (await unitOf(system)).flats.map((f) => f.room).sort(),
    );
    expect(codes.every((code) => code.revokedAt === undefined)).toBe(true);
    expect(await system.models.caseEvents.countDocuments({ type: 'BindingCodesIssued' }).exec()).toBe(1);
  });

  it('opens with six households bound through HouseholdBound, 502’s second owner not', async () => {
    const unit = await unitOf(system);
    const contactOf = (key: string) => first.people.find((p) => p.key === key)!.contactId;
    expect(unit.households.map((h) => [h.room, h.contactId])).toEqual(
      ['201', '301', '401', '501', '502', '601'].map((room) => [room, contactOf(`owner-${room}-1`)]),
    );
    expect(unit.households.some((h) => h.contactId === contactOf('owner-502-2'))).toBe(false);
    const contact = await system.models.contacts.findById(contactOf('owner-201-1')).lean().exec();
    expect(contact?.flats).toEqual([{ unitId: first.unitId, room: '201', role: 'owner' }]);
  });

  it('records the committee member’s and the applicant representative’s roles, so 提醒 works', async () => {
    const contactOf = (key: string) => first.people.find((p) => p.key === key)!.contactId;
    const roles = await system.models.caseEvents.find({ type: 'ContactRoleRecorded' }).lean().exec();
    expect(roles.map((event) => (event as { data?: unknown }).data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contactId: contactOf('committee-1'), role: 'committee' }),
        expect.objectContaining({ contactId: contactOf('owner-501-1'), role: 'applicant' }),
      ]),
    );
    const committee = await system.models.contacts.findById(contactOf('committee-1')).lean().exec();
    expect(committee?.roles).toEqual([{ unitId: first.unitId, role: 'committee' }]);
  });

  it('casts three agree and one oppose: three in the group, one on paper', async () => {
    const [ballot] = (await unitOf(system)).ballots;
    expect(ballot!.votes.map((v) => [v.room, v.choice, v.channel])).toEqual([
      ['201', 'agree', 'wechat'],
      ['501', 'agree', 'wechat'],
      ['601', 'agree', 'paper'],
      ['401', 'oppose', 'wechat'],
    ]);
  });

  it('builds the unit group in the mock puppet with every person and the bot, each with their own contact', async () => {
    const contactIds = first.people.map((p) => p.contactId);
    expect(new Set(contactIds).size).toBe(15);
    expect(contactIds.every((id) => typeof id === 'string')).toBe(true);

    const seen = await groupAsBotSees(system);
    expect(seen.groupId).toBe(first.groupId);
    expect(seen.botId).toBe(first.botContactId);
    expect(seen.memberIds).toEqual([first.botContactId!, ...(contactIds as string[])].sort());

    const payload = system.mocker!.roomPayload(first.groupId!);
    expect(payload.topic).toBe(DEMO_UNIT_NAME);
    const applicant = first.people.find((p) => p.roles.includes('applicant_representative'))!;
    expect(payload.ownerId).toBe(applicant.contactId);
  });

  it('serves the unit over the API to the admin token, and to no one else', async () => {
    expect((await getJson(system, `/api/v1/units/${first.unitId}`, null)).status).toBe(401);
    const { status, body } = await getJson(system, `/api/v1/units/${first.unitId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: first.unitId, name: DEMO_UNIT_NAME, stage: 'voting' });
    expect(body.totals.flats).toBe(12);
    expect(body.ballots).toEqual([expect.objectContaining({ id: first.ballotId, status: 'open' })]);
    expect(JSON.stringify(body)).not.toMatch(/1380000\d{4}/);
  });

  it('binds the group, announces the plan, binds six (their codes said privately) and takes four votes, in that order', async () => {
    const contactOf = (key: string) => first.people.find((p) => p.key === key)!.contactId!;
    const lines = await transcript(system);
    const group = lines.filter((line) => line.to === 'group').map((line) => [line.from, line.text]);
    const bot = (text: string) => ['bot', expect.stringContaining(text)];
    const said = (key: string, text: string | RegExp) => [
      contactOf(key),
      typeof text === 'string' ? text : expect.stringMatching(text),
    ];
    const bindings = ['201', '301', '401', '501', '502', '601'].map((room) => bot(`${room} 已绑定`));
    expect(group).toEqual([
      said('owner-501-1', /^绑定单元 [0-9A-Z]{8}$/),
      bot(`本群已绑定 ${DEMO_UNIT_NAME}`),
      bot('加装电梯方案第 1 版已发布'),
      ...bindings,
      said('owner-201-1', '同意'),
      bot('201 已表决。\n已表决 1 户，共 12 户。'),
      said('owner-501-1', '同意'),
      bot('501 已表决。\n已表决 2 户，共 12 户。'),
      bot('601 纸质表决已录入。\n已表决 3 户，共 12 户。'),
      said('owner-401-1', '反对'),
      bot('401 已表决。\n已表决 4 户，共 12 户。'),
    ]);
    // Each binding and each chat vote is answered privately too, right after it was said.
    const privately = lines.filter((line) => line.to === contactOf('owner-201-1')).map((line) => line.text);
    expect(privately).toEqual([
      expect.stringContaining('绑定成功：您是 201 的业主'),
      expect.stringContaining('您家 201 在方案第 1 版里的分摊'),
      expect.stringContaining('201 的表决已记录：同意'),
    ]);
    const seqs = lines.map((line) => line._id);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(lines.every((line) => new Date(line.at).toISOString() === T0)).toBe(true);
  });

  it('says where the demo page is, once', () => {
    const ready = logged().filter((l) => /^demo ready at /.test(l.msg));
    expect(ready).toEqual([
      expect.objectContaining({ msg: `demo ready at ${system.url}/demo/`, url: `${system.url}/demo/` }),
    ]);
  });

  it('logs one line with the unit and ballot ids and no personal data', () => {
    const ready = logLines.map((line) => JSON.parse(line) as Json).filter((l) => /^demo estate/.test(l.msg));
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({
      unitId: first.unitId,
      ballotId: first.ballotId,
      registered: true,
      unitPath: `/api/v1/units/${first.unitId}`,
    });
    const all = logLines.join('\n');
    for (const person of DEMO_PEOPLE) {
      expect(all).not.toContain(person.name);
      expect(all).not.toContain(person.phone);
    }
  });
});

describe('npm run demo again on the same database', () => {
  let eventsBefore: number;
  let linesBefore: DemoMessageDoc[];
  beforeAll(async () => {
    eventsBefore = await system.models.caseEvents.countDocuments({}).exec();
    linesBefore = await transcript(system);
    await system.stop();
    clock.advance(DAY_MS);
    system = await start();
  });

  it('reuses the unit: still one registration, a case view for it and its neighbour, no new event', async () => {
    expect(await registrations(system)).toBe(1);
    expect(await system.models.caseViews.countDocuments({}).exec()).toBe(2);
    expect(await system.models.places.countDocuments({}).exec()).toBe(4);
    expect(await system.models.caseEvents.countDocuments({}).exec()).toBe(eventsBefore);
    expect(await system.demoModels!.demoState.countDocuments({}).exec()).toBe(1);
  });

  it('keeps the unit, ballot and seeding time in demo_state, and the same contact and group ids', async () => {
    const again = await demoState(system);
    expect(again).toMatchObject({ unitId: first.unitId, ballotId: first.ballotId, seededAt: first.seededAt });
    expect(again.startedAt).toEqual(new Date(Date.parse(T0) + DAY_MS));
    expect(again.people).toEqual(first.people);
    expect(again.groupId).toBe(first.groupId);
  });

  it('keeps the households bound and the votes cast: the same contacts, nothing cast again', async () => {
    const unit = await unitOf(system);
    expect(unit.households).toHaveLength(6);
    expect(unit.ballots[0]!.votes).toHaveLength(4);
    const live = await system.models.bindingCodes.countDocuments({ revokedAt: { $exists: false } }).exec();
    expect(live).toBe(12);
  });

  it('rebuilds the unit group with everyone in it', async () => {
    const again = await demoState(system);
    const seen = await groupAsBotSees(system);
    expect(seen.groupId).toBe(again.groupId);
    expect(seen.memberIds).toEqual([again.botContactId!, ...again.people.map((p) => p.contactId!)].sort());
  });

  it('says nothing again: the chats hold what the first start said', async () => {
    expect(await transcript(system)).toEqual(linesBefore);
  });

  it('says it reused the estate, and where the demo page is', () => {
    const ready = logged().filter((l) => /^demo estate/.test(l.msg));
    expect(ready).toEqual([expect.objectContaining({ unitId: first.unitId, registered: false })]);
    expect(logged().filter((l) => /^demo ready at /.test(l.msg))).toEqual([
      expect.objectContaining({ msg: `demo ready at ${system.url}/demo/` }),
    ]);
  });
});
