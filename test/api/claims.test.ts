/**
 * The money claimed after the works over real HTTP on the real database (domain.md §6; HZ-2021 item
 * 18), as the people who record it: the project's subsidy — planned as the agreed plan's subsidy —
 * moves applied → approved → paid, each step told to the unit's group in one line; a household's
 * provident-fund (公积金) withdrawal waits for completion acceptance, then moves the same way, never
 * for more than the flat's share, and is never told to the group. Every refusal (before the
 * agreement, before acceptance, a step out of order naming what may come next, a refusal without
 * reasons, more than the share or the cost, a room not in the unit) answers its status, stable code and
 * a plain-Chinese message, and stores nothing. The claims are staff work (a resident is refused them);
 * a resident sees their own flat's withdrawal and the subsidy in `GET /me/costs`. The OpenAPI document
 * lists the claims' and the documents' paths with their error codes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindGroup } from '../../commands/bind-group.js';
import { DEFAULT_CHECKLISTS } from '../../domain/case/index.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { endPublicity, expectError, openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type Reply, type TestApi } from '../support/http.js';
import {
  bindingCodes,
  createPlace,
  devSignIn,
  issueToken,
  registerUnitIn,
  taggedFlats,
} from '../support/people.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const GROUP = 'room-claims@chatroom';

let api: TestApi;
let unitId: string;
let applicant: string;
let committee: string;
let district: string;
let codes: Map<string, string>;

const claimsPath = () => `/api/v1/units/${unitId}/claims`;
const claim = (body: Record<string, unknown>, token = applicant) => api.post(claimsPath(), body, { token });
const events = () => api.system.models.caseEvents.countDocuments({ caseId: unitId });
const groupSaid = async () =>
  (await api.system.models.outbox.find({ 'to.id': GROUP }).lean<OutboxDoc[]>().exec())
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id))
    .map((m) => m.text);
const signIn = (room: string) => devSignIn(api, codes.get(room));

/** A refusal that stored nothing and told the group nothing. */
async function refusedUnchanged(
  send: () => Promise<Reply>,
  status: number,
  code: string,
  message?: RegExp,
): Promise<Reply> {
  const before = { events: await events(), said: (await groupSaid()).length };
  const reply = await send();
  expectError(reply, status, code, message);
  expect({ events: await events(), said: (await groupSaid()).length }).toEqual(before);
  return reply;
}

beforeAll(async () => {
  api = await startTestApi({ env: { JIATI_DEV_SIGN_IN: '1' } });
  const districtId = await createPlace(api, 'district', '己区');
  const subdistrictId = await createPlace(api, 'subdistrict', '己街道', districtId);
  const communityId = await createPlace(api, 'community', '己社区', subdistrictId);
  unitId = await registerUnitIn(api, communityId, '己5幢2单元', taggedFlats(4, '己', '1395555'));
  const token = async (role: string, kind: string, id: string) =>
    (await issueToken(api, { name: `${role}的人`, role, scope: { kind, id }, expiresInDays: 366 })).secret;
  applicant = await token('applicant', 'unit', unitId);
  committee = await token('committee', 'community', communityId);
  district = await token('district', 'district', districtId);
  codes = await bindingCodes(api, unitId);
  const groupCode = (await api.post(`/api/v1/units/${unitId}/group-code`)).body.code as string;
  await bindGroup(
    api.system.commands,
    { roomId: GROUP, code: groupCode, contactId: 'wx-committee', groupUnitId: null },
    { now: api.clock.now() },
  );
  // ¥100,000 less a ¥20,000 subsidy: the second floor shares ¥80,000; the first floor pays nothing.
  const plan = await api.post(`/api/v1/units/${unitId}/plans`, {
    planVersion: 1,
    title: '方案一',
    cost: {
      totalCostFen: 10_000_000,
      subsidyFen: 2_000_000,
      scheme: { kind: 'explicit', fenByRoom: { '201': 4_000_000, '202': 4_000_000 } },
    },
  });
  expect(plan.status).toBe(201);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, ['101', '102', '201', '202'], 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
});

afterAll(async () => {
  await api?.close();
});

describe('before the agreement', () => {
  it('records no claim, and lists no subsidy and no flat yet', async () => {
    const refused = await refusedUnchanged(
      () => claim({ fund: 'subsidy', status: 'applied', amountFen: 2_000_000 }),
      409,
      'agreement_not_signed',
      /协议书/,
    );
    // What is refused is a claim, not a payment.
    expect(refused.body.message).not.toMatch(/交费/);
    const read = await api.get(claimsPath(), { token: applicant });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      subsidy: { plannedFen: 0 },
      providentFundOpen: false,
      providentFund: [],
    });
  });
});

describe('after the agreement, before completion acceptance', () => {
  beforeAll(async () => {
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {}, { token: committee })).status).toBe(201);
  });

  it('shows the planned subsidy, each paying flat’s share and what each claim needs', async () => {
    const read = await api.get(claimsPath(), { token: applicant });
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(read.body).toEqual({
      unitId,
      subsidy: { plannedFen: 2_000_000 },
      providentFundOpen: false,
      providentFund: [
        { room: '201', shareFen: 4_000_000 },
        { room: '202', shareFen: 4_000_000 },
      ],
      checklists: { subsidy: DEFAULT_CHECKLISTS.subsidy, providentFund: DEFAULT_CHECKLISTS.provident_fund },
    });
  });

  it('refuses a provident-fund withdrawal until the elevator passed completion acceptance', async () => {
    const refused = await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '201', status: 'applied', amountFen: 4_000_000 }),
      422,
      'completion_not_accepted',
      /竣工验收/,
    );
    // What waits for acceptance is the withdrawal, not the handover.
    expect(refused.body.message).not.toMatch(/移交/);
    const mine = await api.get('/api/v1/me/costs', { token: await signIn('102') });
    expect(mine.body.flats[0]).toMatchObject({ kind: 'agreed', providentFund: { open: false } });
    expect(mine.body.flats[0].providentFund.claim).toBeUndefined();
  });
});

describe('through the application and the works to completion acceptance', () => {
  it('is driven by the applicant and the district, step by step', async () => {
    const as = (token: string) => (tail: string, body: unknown) =>
      api.post(`/api/v1/units/${unitId}${tail}`, body, { token });
    const byApplicant = as(applicant);
    const byDistrict = as(district);
    // What the `publicity.end` clock does at 24:00 of the last day (signed 2025-03-10: ends 03-20).
    api.clock.set('2025-03-20T16:00:00.000Z');
    await endPublicity(api.system.commands, unitId, api.clock.now());
    api.clock.set('2025-03-21T02:00:00.000Z');
    const steps: [ReturnType<typeof as>, string, unknown][] = [
      [byApplicant, '/application', { materials: ['加装电梯申请书', '设计方案及施工图'] }],
      [byDistrict, '/application/acceptance', { departments: ['区住建局'] }],
      [byDistrict, '/application/opinions', { department: '区住建局', opinion: 'approve' }],
      [byDistrict, '/application/conclusion', { decision: 'approved' }],
      [byApplicant, '/works/pipeline-relocation', { utilities: ['燃气'] }],
      [byApplicant, '/works/installation-notice', { installer: '杭州某电梯安装公司' }],
      [byApplicant, '/works/start', {}],
    ];
    for (const [send, tail, body] of steps)
      expect({ tail, status: (await send(tail, body)).status }).toEqual({ tail, status: 201 });
    api.clock.set('2025-06-02T02:00:00.000Z');
    expect((await byApplicant('/works/completion', {})).status).toBe(201);
    expect((await byApplicant('/works/inspections', { passed: true, reportRef: 'JY-2025-201' })).status).toBe(
      201,
    );
    const accepted = await byApplicant('/works/acceptance', {});
    expect(accepted.status).toBe(201);
    expect(accepted.body.stage).toBe('handover');
    const read = await api.get(claimsPath(), { token: applicant });
    expect(read.body.providentFundOpen).toBe(true);
  });
});

describe('the subsidy', () => {
  it('moves applied → approved → paid, each step told to the group in one line', async () => {
    const said = (await groupSaid()).length;
    const applied = await claim({
      fund: 'subsidy',
      status: 'applied',
      amountFen: 2_000_000,
      reference: 'BZ-01',
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ announcement: 'queued', seq: expect.any(Number) });
    expect(applied.body.subsidy).toEqual({
      plannedFen: 2_000_000,
      claim: {
        fund: 'subsidy',
        status: 'applied',
        amountFen: 2_000_000,
        steps: [
          { status: 'applied', on: '2025-06-02', amountFen: 2_000_000, reference: 'BZ-01', reasons: [] },
        ],
      },
    });
    expect((await groupSaid()).slice(said)).toEqual([
      '加装电梯的政府补助已经递交申请 20,000 元，有结果会告诉大家。',
    ]);

    const over = await refusedUnchanged(
      () => claim({ fund: 'subsidy', status: 'approved', amountFen: 10_000_001 }),
      422,
      'claim_exceeds_share',
      /最多只能登记 100,000 元（工程总造价）/,
    );
    expect(over.body.details).toEqual({ limitFen: 10_000_000 });
    const approved = await claim({ fund: 'subsidy', status: 'approved', amountFen: 1_800_000 }, committee);
    expect(approved.status).toBe(201);
    expect(approved.body.subsidy.claim).toMatchObject({ status: 'approved', amountFen: 1_800_000 });
    expect((await groupSaid()).slice(said + 1)).toEqual(['政府补助批下来了 18,000 元，到账后会告诉大家。']);

    const paid = await claim({ fund: 'subsidy', status: 'paid', amountFen: 1_800_000, on: '2025-06-01' });
    expect(paid.status).toBe(201);
    expect(paid.body.subsidy.claim.steps.map((s: Json) => [s.status, s.on, s.amountFen])).toEqual([
      ['applied', '2025-06-02', 2_000_000],
      ['approved', '2025-06-02', 1_800_000],
      ['paid', '2025-06-01', 1_800_000],
    ]);
    expect((await groupSaid()).slice(said + 2)).toEqual(['政府补助已经到账 18,000 元。']);
    const stored = (await api.system.models.caseEvents
      .findOne({ caseId: unitId, seq: paid.body.seq })
      .lean()
      .exec()) as Json;
    expect(stored).toMatchObject({
      type: 'FundClaimRecorded',
      channel: 'api',
      data: { fund: 'subsidy', status: 'paid', on: '2025-06-01', amountFen: 1_800_000, reasons: [] },
    });
  });

  it('refuses a step after it was paid, a flat named and a day after today', async () => {
    const done = await refusedUnchanged(
      () => claim({ fund: 'subsidy', status: 'refused', reasons: ['材料不全'] }),
      409,
      'claim_status_invalid',
      /已到账/,
    );
    expect(done.body.details).toEqual({ status: 'paid', allowed: [] });
    // Read as plain Chinese: not 「已经已到账」.
    expect(done.body.message).not.toMatch(/已经已/);
    await refusedUnchanged(
      () => claim({ fund: 'subsidy', room: '201', status: 'applied' }),
      400,
      'validation_error',
    );
    await refusedUnchanged(
      () => claim({ fund: 'subsidy', status: 'refused', reasons: ['材料不全'], on: '2025-06-03' }),
      400,
      'validation_error',
    );
  });
});

describe('a household’s provident fund', () => {
  it('moves applied → approved → paid for a flat, within its share, and is never told to the group', async () => {
    const said = (await groupSaid()).length;
    const applied = await claim({
      fund: 'provident_fund',
      room: '201',
      status: 'applied',
      amountFen: 4_000_000,
    });
    expect(applied.status).toBe(201);
    expect(applied.body.announcement).toBe('none');
    const over = await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '201', status: 'approved', amountFen: 4_000_001 }),
      422,
      'claim_exceeds_share',
      /最多只能登记 40,000 元（201 室应分摊的费用）/,
    );
    expect(over.body.details).toEqual({ limitFen: 4_000_000, room: '201' });
    expect(
      (await claim({ fund: 'provident_fund', room: '201', status: 'approved', amountFen: 3_500_000 })).status,
    ).toBe(201);
    const paid = await claim(
      { fund: 'provident_fund', room: '201', status: 'paid', amountFen: 3_500_000, reference: 'GJJ-88' },
      committee,
    );
    expect(paid.status).toBe(201);
    expect(paid.body.announcement).toBe('none');
    expect(paid.body.providentFund).toEqual([
      {
        room: '201',
        shareFen: 4_000_000,
        claim: {
          fund: 'provident_fund',
          room: '201',
          status: 'paid',
          amountFen: 3_500_000,
          steps: [
            { status: 'applied', on: '2025-06-02', amountFen: 4_000_000, reasons: [] },
            { status: 'approved', on: '2025-06-02', amountFen: 3_500_000, reasons: [] },
            { status: 'paid', on: '2025-06-02', amountFen: 3_500_000, reference: 'GJJ-88', reasons: [] },
          ],
        },
      },
      { room: '202', shareFen: 4_000_000 },
    ]);
    expect((await groupSaid()).length).toBe(said);
  });

  it('refuses a step out of order, naming what may come next', async () => {
    const refused = await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '202', status: 'paid', amountFen: 1_000_000 }),
      409,
      'claim_status_invalid',
    );
    expect(refused.body.message).toBe('这项申请现在是“未申请”，下一步只能登记：已申请。');
    expect(refused.body.details).toEqual({ status: 'none', allowed: ['applied'] });
  });

  it('refuses a refusal without reasons; one with reasons may be applied for again, all in private', async () => {
    const said = (await groupSaid()).length;
    expect((await claim({ fund: 'provident_fund', room: '202', status: 'applied' })).status).toBe(201);
    await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '202', status: 'refused' }),
      422,
      'reasons_required',
      /理由/,
    );
    await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '202', status: 'refused', reasons: [] }),
      422,
      'reasons_required',
    );
    const refused = await claim({
      fund: 'provident_fund',
      room: '202',
      status: 'refused',
      reasons: ['缺付款凭证'],
    });
    expect(refused.status).toBe(201);
    expect(refused.body.announcement).toBe('none');
    const again = await claim({
      fund: 'provident_fund',
      room: '202',
      status: 'applied',
      amountFen: 4_000_000,
    });
    expect(again.status).toBe(201);
    expect(again.body.providentFund[1].claim).toMatchObject({
      status: 'applied',
      amountFen: 4_000_000,
      steps: [
        { status: 'applied', reasons: [] },
        { status: 'refused', reasons: ['缺付款凭证'] },
        { status: 'applied', amountFen: 4_000_000 },
      ],
    });
    expect((await groupSaid()).length).toBe(said);
  });

  it('refuses a room not in the unit, a withdrawal with no room, and an approval without an amount', async () => {
    await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '901', status: 'applied' }),
      422,
      'unknown_room',
      /901 室/,
    );
    await refusedUnchanged(
      () => claim({ fund: 'provident_fund', status: 'applied' }),
      400,
      'validation_error',
    );
    await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '202', status: 'approved' }),
      400,
      'validation_error',
    );
    await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '202', status: 'approved', amountFen: 0 }),
      400,
      'validation_error',
    );
  });
});

describe('who sees the claims', () => {
  const residents = new Map<string, string>();

  beforeAll(async () => {
    // The first slips have expired by now: the committee prints new ones, and each household signs in.
    codes = await bindingCodes(api, unitId);
    for (const room of ['101', '201', '202']) residents.set(room, await signIn(room));
  });

  it('keeps the unit’s claims to the staff: a resident is refused, a district officer reads but does not record', async () => {
    expectError(await api.get(claimsPath(), { token: residents.get('202')! }), 403, 'forbidden');
    const read = await api.get(claimsPath(), { token: district });
    expect(read.status).toBe(200);
    expect(read.body.subsidy.claim.status).toBe('paid');
    await refusedUnchanged(
      () => claim({ fund: 'provident_fund', room: '202', status: 'approved', amountFen: 1 }, district),
      403,
      'forbidden',
    );
    await refusedUnchanged(
      () =>
        claim(
          { fund: 'provident_fund', room: '202', status: 'approved', amountFen: 1 },
          residents.get('202')!,
        ),
      403,
      'forbidden',
    );
  });

  it('shows a resident their own flat’s withdrawal and the subsidy in 我的费用, and no one else’s', async () => {
    const mine = await api.get('/api/v1/me/costs', { token: residents.get('201')! });
    expect(mine.status).toBe(200);
    expect(mine.body.flats).toHaveLength(1);
    expect(mine.body.flats[0]).toMatchObject({
      kind: 'agreed',
      account: { room: '201' },
      subsidyClaim: { fund: 'subsidy', status: 'paid', amountFen: 1_800_000 },
      providentFund: {
        open: true,
        claim: { fund: 'provident_fund', room: '201', status: 'paid', amountFen: 3_500_000 },
      },
    });
    expect(mine.body.providentFundPapers).toEqual(
      DEFAULT_CHECKLISTS.provident_fund.map((item) => item.label),
    );
    const theirs = await api.get('/api/v1/me/costs', { token: residents.get('202')! });
    expect(theirs.body.flats[0].providentFund).toMatchObject({
      open: true,
      claim: { room: '202', status: 'applied', amountFen: 4_000_000 },
    });
    expect(JSON.stringify(theirs.body)).not.toMatch(/GJJ-88|3500000/);
    // A flat that shares nothing may still see the withdrawal open and the subsidy.
    const ground = await api.get('/api/v1/me/costs', { token: residents.get('101')! });
    expect(ground.body.flats[0]).toMatchObject({
      kind: 'agreed',
      subsidyClaim: { status: 'paid' },
      providentFund: { open: true },
    });
    expect(ground.body.flats[0].providentFund.claim).toBeUndefined();
  });
});

describe('the OpenAPI document', () => {
  /** The error codes an operation lists under `status`. */
  function codesAt(operation: Json, status: number): string[] {
    return operation?.responses?.[String(status)]?.content?.['application/json']?.schema?.properties?.error
      ?.enum as string[];
  }

  it('lists the claims’ and the documents’ paths with their error codes', async () => {
    const reply = await api.get('/api/v1/openapi.json', { token: null });
    expect(reply.status).toBe(200);
    const paths = reply.body.paths as Json;
    const claims = paths['/api/v1/units/{unitId}/claims'];
    expect(Object.keys(claims).sort()).toEqual(['get', 'post']);
    expect(codesAt(claims.get, 403)).toEqual(['forbidden']);
    expect(codesAt(claims.get, 404)).toEqual(['unit_not_registered']);
    expect(codesAt(claims.post, 409)).toEqual(
      expect.arrayContaining(['agreement_not_signed', 'claim_status_invalid']),
    );
    expect(codesAt(claims.post, 422)).toEqual(
      expect.arrayContaining([
        'no_agreed_cost',
        'unknown_room',
        'completion_not_accepted',
        'claim_exceeds_share',
        'reasons_required',
      ]),
    );
    expect(codesAt(claims.post, 400)).toEqual(expect.arrayContaining(['validation_error', 'invalid_date']));

    const documents = paths['/api/v1/units/{unitId}/documents'];
    expect(Object.keys(documents).sort()).toEqual(['get', 'post']);
    expect(Object.keys(documents.post.requestBody.content).sort()).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/png',
    ]);
    expect(codesAt(documents.post, 409)).toEqual(
      expect.arrayContaining(['agreement_not_signed', 'document_already_filed']),
    );
    expect(codesAt(documents.post, 413)).toEqual(['payload_too_large']);
    expect(codesAt(documents.post, 415)).toEqual(['unsupported_media_type']);
    expect(codesAt(documents.post, 400)).toEqual(expect.arrayContaining(['validation_error']));
    expect(codesAt(documents.get, 403)).toEqual(['forbidden']);
    const file = paths['/api/v1/units/{unitId}/documents/{documentId}/file'].get;
    // The download is typed as filed: one of the three types a document may be.
    expect(Object.keys(file.responses['200'].content).sort()).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/png',
    ]);
    expect(codesAt(file, 404)).toEqual(expect.arrayContaining(['unit_not_registered', 'document_not_found']));
    const withdraw = paths['/api/v1/units/{unitId}/documents/{documentId}/withdraw'].post;
    expect(codesAt(withdraw, 404)).toEqual(expect.arrayContaining(['document_not_found']));
  });
});
