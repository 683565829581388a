/**
 * The timeline's lines (`messages/timeline.ts`): every event type has its own plain Chinese line,
 * names and what people typed only for a reader who may see them, never a phone; and an event this
 * version does not know, or whose data is broken, still gets a line instead of an error.
 */
import { describe, expect, it } from '@jest/globals';
import type { CaseEventType } from '../../domain/case/index.js';
import { dateWords, timelineLine } from '../../messages/timeline.js';

const AT = '2025-03-03T02:00:00.000Z';
const PHONE = '13912345678';

/** One event of each type, with what its line reads (a record: a new type needs a row here). */
const SAMPLES: Record<CaseEventType, unknown> = {
  UnitRegistered: {
    unit: { name: '3幢2单元' },
    flats: [{ room: '101', owners: [{ name: '王大爷', phone: PHONE }] }],
    registeredAt: AT,
  },
  UnitPlaced: { communityId: 'pl_b', previousCommunityId: 'pl_a' },
  RosterUpdated: {
    flats: [],
    reason: '王大爷把房子过户给了女儿',
    updatedAt: AT,
    openBallotIds: [],
    changes: { added: ['601'], removed: [], changed: ['101'] },
  },
  BindingCodesIssued: { rooms: ['101', '102'], issuedAt: AT },
  HouseholdBound: { room: '101', contactId: 'wx_1', role: 'proxy', boundAt: AT, pending: true },
  ProxyConfirmed: { room: '101', contactId: 'wx_1', confirmedAt: AT },
  GroupBound: { roomId: 'room_1', boundAt: AT },
  ContactRoleRecorded: { contactId: 'wx_2', role: 'applicant', recordedAt: AT },
  PlanPublished: {
    planVersion: 2,
    title: '方案二',
    documents: [],
    ballot: { ballotId: 'b_1', reconfirmRooms: ['501'] },
    publishedAt: AT,
  },
  BallotOpened: {
    ballotId: 'b_1',
    title: '加装电梯',
    matter: 'major',
    purpose: 'elevator',
    roster: [{}, {}],
  },
  VoteCast: { ballotId: 'b_1', room: '302', choice: 'oppose', channel: 'wechat', castAt: AT, text: '不同意' },
  BallotClosed: { ballotId: 'b_1', closedAt: AT, late: true, result: { passed: false } },
  BallotCancelled: { ballotId: 'b_1', cancelledAt: AT, reason: '李四说表决票印错了' },
  AgreementSigned: { signedOn: '2025-03-03', ballotId: 'b_1', publicityEndsOn: '2025-03-13' },
  ObjectionFiled: {
    objectionId: 'YY-3',
    named: true,
    written: true,
    ground: 'ventilation',
    channel: 'paper',
    filedAt: AT,
    recordedAt: AT,
    effective: false,
    ineffectiveReasons: ['outside_window'],
    objector: { name: '赵铁柱', room: '101', phone: PHONE },
    summary: '赵铁柱说挡风',
  },
  ObjectionAcknowledged: { objectionId: 'YY-3', contactId: 'wx_3', role: 'committee', acknowledgedAt: AT },
  MediationRecorded: {
    objectionId: 'YY-3',
    level: 'committee',
    heldOn: '2025-03-05',
    participants: ['赵铁柱', '钱多多'],
    outcome: 'resolved',
  },
  ObjectionWithdrawn: { objectionId: 'YY-3', by: 'objector', reason: '赵铁柱和邻居谈妥了', withdrawnAt: AT },
  MediationWithdrawn: { objectionId: 'YY-3', step: 2, reason: '记错了', withdrawnAt: AT },
  PublicityEnded: { endedAt: AT, openObjectionIds: ['YY-3'] },
  ApplicationSubmitted: { submittedOn: '2025-04-01', materials: ['a', 'b'] },
  IncompleteMaterialsNotified: { notifiedOn: '2025-04-02', missing: ['c'] },
  MaterialsSupplemented: { supplementedOn: '2025-04-03', materials: ['c'] },
  ApplicationAccepted: { acceptedOn: '2025-04-04', departments: ['规划', '消防'] },
  ReviewOpinionRecorded: {
    department: '消防',
    opinion: 'approve_with_conditions',
    givenOn: '2025-04-05',
    conditions: [],
    reasons: [],
  },
  JointReviewConcluded: { decision: 'approved', concludedOn: '2025-04-10', reasons: [], conditions: [] },
  PipelineRelocationRecorded: { completedOn: '2025-05-01', utilities: [] },
  InstallationNotified: { notifiedOn: '2025-05-02', installer: '某电梯公司' },
  ConstructionStarted: { startedOn: '2025-05-03' },
  ConstructionCompleted: { completedOn: '2025-08-03' },
  SupervisionInspectionRecorded: { inspectedOn: '2025-08-10', passed: false, defects: ['门', '灯'] },
  CompletionAccepted: { acceptedOn: '2025-08-20' },
  UserUnitNamed: { name: '钱多多', kind: 'named_person', namedOn: '2025-08-21', contact: PHONE },
  HandedOver: {
    handedOverOn: '2025-08-22',
    enteredUseOn: '2025-08-22',
    useRegistrationDueOn: '2025-09-21',
    documents: [],
    userUnit: '钱多多',
  },
  UseRegistered: { registeredOn: '2025-09-01', late: false },
  PaymentRecorded: { paymentId: 'pay_1', room: '301', amountFen: 1_234_500, paidOn: '2025-09-02' },
  PaymentCancelled: { paymentId: 'pay_1', reason: '录错', cancelledAt: AT },
  ElevatorRecorded: {
    elevatorId: 'el_1',
    rescueCode: '33010001',
    maker: '某电梯公司',
    model: 'HOME-1',
    maintainer: { name: '某维保公司', serviceLine: '0571-88880000' },
    contractFrom: '2026-01-01',
    contractTo: '2026-12-31',
    maintenanceIntervalDays: 15,
    recordedOn: '2026-01-02',
  },
  MaintenanceVisitLogged: { visitId: 'mv_1', visitedOn: '2026-01-10', kind: 'half_monthly' },
  MaintenanceVisitConfirmed: { visitId: 'mv_1', confirmedAt: AT },
  PeriodicInspectionRecorded: { inspectedOn: '2026-02-01', passed: true, certificateExpiresOn: '2027-02-01' },
  AlarmRecorded: { alarmId: 'a1', kind: 'entrapment', occurredAt: AT, source: '96333' },
  AlarmAcknowledged: { alarmId: 'a1', acknowledgedAt: AT },
  AlarmKeyReplaced: { elevatorId: 'el_1', replacedAt: AT },
  RunningCostKeySet: { key: { scheme: { kind: 'area' } }, agreedOn: '2026-01-02' },
  RunningBillRecorded: {
    billId: 'bill_1',
    kind: 'electricity',
    amountFen: 12_000,
    periodFrom: '2026-01-01',
    periodTo: '2026-01-31',
    billedOn: '2026-02-01',
    parts: [{ room: '301', fen: 12_000 }],
  },
  RunningIncomeRecorded: {
    incomeId: 'inc_1',
    source: 'advertising',
    amountFen: 5_000,
    receivedOn: '2026-02-02',
    parts: [{ room: '301', fen: 5_000 }],
  },
  RunningPaymentRecorded: { paymentId: 'rp_1', room: '301', amountFen: 7_000, paidOn: '2026-02-03' },
  DocumentFiled: {
    documentId: 'doc_1',
    checklist: 'application',
    item: 'design',
    name: '施工图.pdf',
    contentType: 'application/pdf',
    sizeBytes: 1024,
    sha256: 'a'.repeat(64),
  },
  DocumentWithdrawn: { documentId: 'doc_1', reason: '传错了', withdrawnAt: AT },
  FundClaimRecorded: {
    fund: 'provident_fund',
    room: '301',
    status: 'paid',
    on: '2026-03-02',
    amountFen: 5_000_000,
    reasons: [],
  },
  ClockSettingsChanged: { settings: {}, changedAt: AT },
  AlertRaised: {
    alertId: 'TX-1',
    kind: 'no_quorum',
    key: 'k',
    level: 'subdistrict',
    raisedAt: AT,
    unreached: true,
  },
  AlertAcknowledged: { alertId: 'TX-1', level: 'subdistrict', by: 'wx_4', acknowledgedAt: AT },
  AlertEscalated: { alertId: 'TX-1', from: 'committee', to: 'district', escalatedAt: AT },
};

const TYPES = Object.keys(SAMPLES) as CaseEventType[];
const line = (type: string, names: boolean, data: unknown = SAMPLES[type as CaseEventType]) =>
  timelineLine({ type, data }, { names });

describe('the timeline lines', () => {
  it.each(TYPES)('%s: one plain Chinese sentence, the same words for both readers but the names', (type) => {
    for (const names of [true, false]) {
      const text = line(type, names);
      expect(text).toMatch(/\p{Script=Han}/u);
      expect(text).toMatch(/。$/);
      expect(text).not.toMatch(/这个版本不认识|内容不完整/);
      expect(text).not.toContain(PHONE);
      expect(text.length).toBeLessThan(80);
    }
  });

  it('names people and repeats what they typed only for a reader who may see names', () => {
    const withNames = TYPES.map((type) => line(type, true)).join('\n');
    const without = TYPES.map((type) => line(type, false)).join('\n');
    expect(without).not.toMatch(/王大爷|赵铁柱|钱多多|李四/);
    expect(withNames).toContain('赵铁柱（101 室）提出异议 YY-3（通风），不算有效异议。');
    expect(without).toContain('101 室提出异议 YY-3（通风），不算有效异议。');
    expect(line('RosterUpdated', true)).toBe(
      '更新房屋名单：新增 1 户，去掉 0 户，改动 1 户，原因：王大爷把房子过户给了女儿。',
    );
    expect(line('RosterUpdated', false)).toBe('更新房屋名单：新增 1 户，去掉 0 户，改动 1 户。');
    expect(line('UserUnitNamed', true)).toBe('确定电梯使用单位：钱多多。');
    expect(line('UserUnitNamed', false)).toBe('确定电梯使用单位：业主指定的人。');
    // Chat text and objection summaries are never repeated, even to those who may see names.
    expect(withNames).not.toContain('挡风');
    expect(line('VoteCast', true)).toBe('302 室在微信群里表决：反对。');
  });

  it('says the other outcomes in their own words', () => {
    expect(line('UserUnitNamed', false, { name: '某物业公司', kind: 'entrusted_manager' })).toBe(
      '确定电梯使用单位：某物业公司。',
    );
    expect(line('UnitPlaced', false, { communityId: 'pl_a' })).toBe('单元归入社区 pl_a。');
    expect(line('PublicityEnded', false, { openObjectionIds: [] })).toBe('公示结束，没有未处理的有效异议。');
    expect(line('PipelineRelocationRecorded', false, { utilities: ['燃气'] })).toBe(
      '管线迁移完成（1 类管线）。',
    );
    expect(line('PlanPublished', false, { planVersion: 1, title: '方案一' })).toBe(
      '发布第 1 版方案「方案一」。',
    );
    expect(line('HouseholdBound', false, { room: '101', role: 'owner' })).toBe('101 室的业主绑定了微信。');
    expect(line('ObjectionFiled', true, { objectionId: 'YY-1', ground: 'other', effective: true })).toBe(
      '提出异议 YY-1（其他），是有效异议。',
    );
    expect(line('AgreementSigned', false)).toBe('签订项目协议，公示到 2025年3月13日。');
    expect(dateWords('2026-01-02')).toBe('2026年1月2日');
  });

  it('gives an event of an unknown type, or with broken data, a line that says so', () => {
    expect(line('SomethingNew', true, {})).toBe('一条这个版本不认识的记录。');
    expect(line('__proto__', true, {})).toBe('一条这个版本不认识的记录。');
    expect(line('UnitRegistered', true, { unit: {} })).toBe('一条内容不完整的记录。');
    expect(line('VoteCast', true, null)).toBe('一条内容不完整的记录。');
  });
});
