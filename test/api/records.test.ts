/**
 * The records to print and file, over real HTTP on the real database, read back as a person's tools
 * read them (the PDF's text through PDF.js, the `.xlsx` through exceljs): the named record of a
 * closed ballot with the four legal checks and every vote's channel, time (Asia/Shanghai) and receipt
 * code; the roster with each household's share; the publicity notice with the dates the legal clock
 * computed. Owners' names reach only whoever sees them in the JSON answers: a district officer's
 * downloads carry rooms alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { castChatVote } from '../../commands/cast-chat-vote.js';
import { expectError, openBallot } from '../support/api-helpers.js';
import { embeddedFonts, readPdf, readXlsx, sheetRows } from '../support/documents.js';
import { startTestApi, T0, type Json, type Reply, type TestApi } from '../support/http.js';
import { createPlace, issueToken, registerUnitIn, taggedFlats } from '../support/people.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UNIT_NAME = '演示新村 12幢2单元';

let api: TestApi;
let unitId: string;
let ballotId: string;
let district: string;
let committee: string;
/** The JSON record, as the administrator reads it. */
let record: Json;

/** Six flats on three floors, 56.70–94.15 m², owners `甲业主<room>`, phones `1391111<room>`. */
const AREAS = ['56.70', '72.50', '56.70', '72.50', '80.00', '94.15'];

beforeAll(async () => {
  api = await startTestApi();
  api.clock.set(T0);
  const districtId = await createPlace(api, 'district', '甲区');
  const subdistrictId = await createPlace(api, 'subdistrict', '甲街道', districtId);
  const communityId = await createPlace(api, 'community', '甲社区', subdistrictId);
  const list = taggedFlats(6, '甲', '1391111').map((flat, i) => ({ ...flat, area: AREAS[i]! }));
  list[0]!.elderly = true;
  unitId = await registerUnitIn(api, communityId, UNIT_NAME, list);
  district = (
    await issueToken(api, { name: '区里', role: 'district', scope: { kind: 'district', id: districtId } })
  ).secret;
  committee = (
    await issueToken(api, {
      name: '居委会',
      role: 'committee',
      scope: { kind: 'community', id: communityId },
    })
  ).secret;
  const plan = await api.post(`/api/v1/units/${unitId}/plans`, {
    planVersion: 1,
    title: '东侧加装一部电梯',
    summary: '在单元东侧加装一部八人电梯，平层入户。',
    cost: {
      totalCostFen: 60_000_000,
      subsidyFen: 20_000_000,
      scheme: { kind: 'floor_coefficient', permilleByFloor: { '2': 700, '3': 1000 } },
    },
  });
  expect(plan.status).toBe(201);
  ballotId = (await openBallot(api, unitId, { title: '加装电梯表决', matter: 'major', closesAt: day(7) }))
    .id as string;
  // 101 votes in chat at T0 (10:00 in Hangzhou); the others on paper a day later.
  const codes = (await api.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as Json[];
  const code101 = codes.find((c) => c.room === '101').code as string;
  const { commands } = api.system;
  await bindHousehold(commands, { contactId: 'wx-101', code: code101 }, { now: api.clock.now() });
  const cast = await castChatVote(
    commands,
    { contactId: 'wx-101', messageId: 'm-1', text: '同意', choice: 'agree' },
    { now: api.clock.now() },
  );
  expect(cast.kind).toBe('recorded');
  api.clock.set(day(1));
  for (const [room, choice] of [
    ['102', 'agree'],
    ['201', 'agree'],
    ['202', 'oppose'],
    ['301', 'agree'],
  ] as const) {
    const entered = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
      room,
      choice,
      channel: 'paper',
      reference: `ZB-${room}`,
    });
    expect(entered.status).toBe(201);
  }
});

afterAll(async () => {
  await api?.close();
});

/** Expects a file answer of `type`, not cached, as an attachment; returns its bytes. */
function file(reply: Reply, type: string, status = 200): Buffer {
  expect({ status: reply.status, type: reply.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringContaining(type),
  });
  expect(reply.headers.get('cache-control')).toBe('no-store');
  expect(reply.headers.get('content-disposition')).toMatch(
    /^attachment; filename="[a-z-]+\.(pdf|xlsx)"; filename\*=UTF-8''/,
  );
  return reply.bytes!;
}

describe('GET /api/v1/ballots/:id/record.pdf and .xlsx', () => {
  it('refuses while the ballot is open (409 ballot_still_open), as the JSON record does', async () => {
    expectError(await api.get(`/api/v1/ballots/${ballotId}/record.pdf`), 409, 'ballot_still_open');
    expectError(await api.get(`/api/v1/ballots/${ballotId}/record.xlsx`), 409, 'ballot_still_open');
  });

  it('prints the named record with the four checks, every vote’s channel, time and receipt code', async () => {
    api.clock.set(day(7));
    expect((await api.post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
    record = (await api.get(`/api/v1/ballots/${ballotId}/record`)).body;
    const bytes = file(await api.get(`/api/v1/ballots/${ballotId}/record.pdf`), PDF);
    const { text } = await readPdf(bytes);
    const receipt101 = record.flats[0].votes[0].receipt as string;
    for (const expected of [
      `${UNIT_NAME} 加装电梯表决 表决记录`,
      '结果：通过',
      // Closed at day 7, 10:00 in Hangzhou.
      '结束：2025年3月10日 10:00',
      '参加表决的户数',
      '5 户',
      '4 户',
      '参加表决的面积',
      '同意的面积',
      '甲业主101',
      '甲业主302',
      '56.70',
      '94.15',
      '微信',
      '纸质表决',
      '2025年3月3日 10:00',
      '2025年3月4日 10:00',
      receipt101,
      'ZB-202',
      '未表决',
    ]) {
      expect(text).toContain(expected);
    }
    // Every vote's receipt, as the voter was told it.
    for (const flat of record.flats as Json[]) {
      for (const vote of flat.votes as Json[]) expect(text).toContain(vote.receipt);
    }
    // 5 of 6 took part (4 needed), 338.40 m² (at least 2/3 of 432.55: 288.37); 4 agreed (4 needed of 5).
    expect(text).toContain('338.40㎡');
    expect(text).toContain('288.37㎡');
    expect(text).not.toMatch(/1391111\d{4}/);
    expect(embeddedFonts(bytes).join(' ')).toMatch(/\+NotoSansHans-Regular/);
    expect(bytes.toString('latin1')).not.toMatch(/\/BaseFont\s*\/Helvetica/);
  });

  it('gives the same record as a spreadsheet: one row per vote, the checks on their own sheet', async () => {
    const bytes = file(await api.get(`/api/v1/ballots/${ballotId}/record.xlsx`), XLSX);
    const sheets = await readXlsx(bytes);
    expect([...sheets.keys()]).toEqual(['表决记录', '计票结果']);
    const rows = sheetRows(sheets.get('表决记录')!);
    expect(rows[1]).toEqual([
      '房号',
      '楼层',
      '业主',
      '面积（㎡）',
      '表决意见',
      '方式',
      '时间（北京时间）',
      '回执号',
      '纸质表决编号',
      '是否计入',
    ]);
    expect(rows[2]).toEqual([
      '101',
      1,
      '甲业主101',
      56.7,
      '同意',
      '微信',
      '2025年3月3日 10:00',
      record.flats[0].votes[0].receipt,
      undefined,
      '计入',
    ]);
    expect(rows[5]).toEqual([
      '202',
      2,
      '甲业主202',
      72.5,
      '反对',
      '纸质表决',
      '2025年3月4日 10:00',
      record.flats[3].votes[0].receipt,
      'ZB-202',
      '计入',
    ]);
    expect(rows[7]?.slice(0, 5)).toEqual(['302', 3, '甲业主302', 94.15, '未表决']);
    const checks = sheetRows(sheets.get('计票结果')!).map((row) => row.join('|'));
    expect(checks).toEqual(
      expect.arrayContaining([
        '参加表决的户数|5 户|4 户|达到',
        '参加表决的面积|338.40㎡|288.37㎡|达到',
        '同意的户数|4 户|4 户|达到',
      ]),
    );
  });

  it('shows a district officer rooms alone: no owner’s name in either file', async () => {
    const pdf = file(await api.get(`/api/v1/ballots/${ballotId}/record.pdf`, { token: district }), PDF);
    const { text } = await readPdf(pdf);
    expect(text).not.toMatch(/甲业主/);
    expect(text).toContain('本记录按房号列出，不含业主姓名。');
    expect(text).toContain('302');
    const sheet = (
      await readXlsx(
        file(await api.get(`/api/v1/ballots/${ballotId}/record.xlsx`, { token: district }), XLSX),
      )
    ).get('表决记录')!;
    const rows = sheetRows(sheet);
    expect(rows[1]).not.toContain('业主');
    expect(rows[2]?.slice(0, 4)).toEqual(['101', 1, 56.7, '同意']);
    expect(JSON.stringify(rows)).not.toMatch(/甲业主/);
  });

  it('answers 404 for a ballot that does not exist', async () => {
    expectError(
      await api.get(`/api/v1/ballots/${ballotId.slice(0, -1)}x/record.pdf`),
      404,
      'ballot_not_found',
    );
  });
});

describe('GET /api/v1/units/:unitId/roster.xlsx', () => {
  it('lists every flat with its share of the plan in force, totals that add up, masked phones', async () => {
    const bytes = file(await api.get(`/api/v1/units/${unitId}/roster.xlsx`, { token: committee }), XLSX);
    const sheets = await readXlsx(bytes);
    const rows = sheetRows(sheets.get('住户名单')!);
    expect(rows[0]?.[0]).toBe(`${UNIT_NAME} 住户名单（共 6 户）`);
    expect(rows[1]).toEqual([
      '房号',
      '楼层',
      '面积（㎡）',
      '面积来源',
      '业主',
      '电话（隐去中间几位）',
      '业主编号',
      '老人',
      '残疾人',
      '开发商房源',
      '已绑定微信',
      '应分摊（元）',
      '可得补偿（元）',
      '净额（元）',
      '算法',
    ]);
    expect(rows[2]?.slice(0, 11)).toEqual([
      '101',
      1,
      56.7,
      '登记',
      '甲业主101',
      '139****0101',
      undefined,
      '是',
      undefined,
      undefined,
      '是',
    ]);
    expect(rows[2]?.slice(11, 14)).toEqual([0, 0, 0]);
    const plans = (await api.get(`/api/v1/units/${unitId}/plans`)).body.items as Json[];
    const shares = plans[0].shares as Json[];
    const share302 = shares.find((s) => s.room === '302');
    expect(rows[7]?.slice(0, 2)).toEqual(['302', 3]);
    expect(rows[7]?.[11]).toBe(share302.payFen / 100);
    expect(rows[7]?.[14]).toMatch(/^3 楼系数 1 × 94\.15㎡ = 94\.15 份/);
    // The total row: 432.55 m², ¥400,000 shared exactly.
    expect(rows[8]?.[0]).toBe('合计');
    expect(rows[8]?.[2]).toBeCloseTo(432.55, 2);
    expect(rows[8]?.[11]).toBe(400_000);
    const plan = sheetRows(sheets.get('方案')!).map((row) => row.join('|'));
    expect(plan).toEqual(
      expect.arrayContaining(['方案|第 1 版 东侧加装一部电梯', '住户共同分摊（元）|400000']),
    );
    expect(JSON.stringify(rows)).not.toMatch(/1391111\d{4}/);
  });

  it('shows a district officer rooms, areas and shares, and no owner', async () => {
    const bytes = file(await api.get(`/api/v1/units/${unitId}/roster.xlsx`, { token: district }), XLSX);
    const rows = sheetRows((await readXlsx(bytes)).get('住户名单')!);
    expect(rows[1]).not.toContain('业主');
    expect(rows[2]?.slice(0, 4)).toEqual(['101', 1, 56.7, '登记']);
    expect(JSON.stringify(rows)).not.toMatch(/甲业主|139\*\*\*\*/);
  });
});

describe('GET /api/v1/units/:unitId/publicity-notice.pdf', () => {
  it('refuses before the agreement is signed (409 wrong_stage)', async () => {
    expectError(await api.get(`/api/v1/units/${unitId}/publicity-notice.pdf`), 409, 'wrong_stage', /公示/);
  });

  it('prints the plan, the publicity dates the legal clock computed and how to object', async () => {
    // Signed Monday 2025-03-10 at 10:00: 10 days not counting that day → Thursday 2025-03-20, 24:00.
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
    const bytes = file(
      await api.get(`/api/v1/units/${unitId}/publicity-notice.pdf`, { token: district }),
      PDF,
    );
    const { text, pages } = await readPdf(bytes);
    expect(pages).toHaveLength(1);
    const flat = text.replace(/\n/g, '');
    for (const expected of [
      '加装电梯公示',
      UNIT_NAME,
      '项目协议书已于 2025年3月10日 签订',
      '参加表决 5 户、338.40㎡；同意 4 户',
      '加装方案：第 1 版《东侧加装一部电梯》',
      '在单元东侧加装一部八人电梯，平层入户。',
      '总造价 600,000 元，政府补贴 200,000 元，住户共同分摊 400,000 元。',
      '1 楼不出钱',
      '公示期：2025年3月10日 起，至 2025年3月20日 24:00 止，共 10 天。',
      '通风、采光或通行',
      '实名书面意见',
      '发送「异议」',
      '社区居民委员会（盖章）',
    ]) {
      expect(flat).toContain(expected);
    }
    expect(flat).not.toMatch(/甲业主|1391111/);
    expect(embeddedFonts(bytes).join(' ')).toMatch(/\+NotoSansHans-(Regular|Bold)/);
  });
});

describe('GET /api/v1/units/:unitId/objections/:objectionId/minutes.pdf', () => {
  let reference: string;
  beforeAll(async () => {
    // Publicity runs 2025-03-10 to 2025-03-20 (signed above); 202's owner objects on paper on the 12th.
    api.clock.set(day(9));
    const filed = await api.post(`/api/v1/units/${unitId}/objections`, {
      channel: 'paper',
      ground: 'daylight',
      filedAt: '2025-03-12T02:00:00Z',
      objector: { name: '甲业主202', room: '202', phone: '13911110202' },
      summary: '电梯井挡住我家客厅的阳光。',
    });
    expect(filed.body).toMatchObject({ reference: expect.any(String) });
    reference = filed.body.reference as string;
    api.clock.set(day(15));
    const step = (body: Json) => api.post(`/api/v1/units/${unitId}/objections/${reference}/mediations`, body);
    expect(
      (
        await step({
          level: 'committee',
          heldOn: '2025-03-14',
          participants: ['甲业主202', '申请人代表'],
          outcome: 'failed',
          summary: '双方各执己见。',
          recordRef: 'TJ-01',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await step({
          level: 'subdistrict',
          heldOn: '2025-03-17',
          participants: ['甲业主202', '街道调解员'],
          outcome: 'failed',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api.post(`/api/v1/units/${unitId}/objections/${reference}/mediations/2/withdrawal`, {
          reason: '日期登记错了',
        })
      ).status,
    ).toBe(201);
  });

  it('prints the objection, whether it counts, and every step with its outcome — a withdrawn one marked', async () => {
    const bytes = file(
      await api.get(`/api/v1/units/${unitId}/objections/${reference}/minutes.pdf`, { token: committee }),
      PDF,
    );
    const flat = (await readPdf(bytes)).text.replace(/\n/g, '');
    for (const expected of [
      '加装电梯异议处理记录',
      UNIT_NAME,
      `异议编号 ${reference}，提出时间 2025年3月12日 10:00（北京时间）`,
      '202 室 甲业主202',
      '书面递交，居委会录入，书面',
      '采光',
      '电梯井挡住我家客厅的阳光。',
      '正式异议，尚未解决，报批暂停',
      '居委会调解',
      '2025年3月14日',
      '甲业主202、申请人代表',
      '没有谈成',
      '双方各执己见。',
      'TJ-01',
      '街道调解',
      '此条已撤回，不再计入：日期登记错了',
      '记录人（签字）',
    ]) {
      expect(flat).toContain(expected);
    }
    expect(flat).not.toContain('13911110202');
  });

  it('gives a district officer rooms and outcomes, without names or what people wrote', async () => {
    const bytes = file(
      await api.get(`/api/v1/units/${unitId}/objections/${reference}/minutes.pdf`, { token: district }),
      PDF,
    );
    const flat = (await readPdf(bytes)).text.replace(/\n/g, '');
    expect(flat).toContain('202 室');
    expect(flat).toContain('居委会调解');
    expect(flat).not.toMatch(/甲业主|阳光|各执己见/);
  });

  it('answers 404 objection_not_found for an objection the unit does not have', async () => {
    expectError(
      await api.get(`/api/v1/units/${unitId}/objections/YY-99/minutes.pdf`),
      404,
      'objection_not_found',
      /异议/,
    );
  });
});

describe('the record of a cancelled ballot', () => {
  it('says it was cancelled and why, lists its votes as a record only, and shows no checks', async () => {
    const ballot = await openBallot(api, unitId, {
      title: '选定电梯维保单位',
      matter: 'ordinary',
      purpose: 'maintainer',
      closesAt: day(28),
    });
    const entered = await api.post(`/api/v1/ballots/${ballot.id}/votes`, {
      room: '301',
      choice: 'agree',
      channel: 'paper',
      reference: 'WB-301',
    });
    expect(entered.status).toBe(201);
    const cancelled = await api.post(`/api/v1/ballots/${ballot.id}/cancellation`, {
      reason: '报价单有误，重新询价',
    });
    expect(cancelled.status).toBe(201);
    const { text } = await readPdf(file(await api.get(`/api/v1/ballots/${ballot.id}/record.pdf`), PDF));
    for (const expected of [
      '选定电梯维保单位 表决记录',
      '事项：一般事项',
      '已取消：2025年3月18日 10:00',
      '取消原因：报价单有误，重新询价',
      '取消的表决不计票，下面的表决只作记录。',
      'WB-301',
      '甲业主301',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('不计票（表决已取消）');
    expect(text).not.toMatch(/^计入/m);
    expect(text).not.toContain('法定条件');
    expect(text).not.toContain('结果：');
  });
});
