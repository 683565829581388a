/**
 * The demo estate: one fictional unit of a Hangzhou walk-up built in the early 1990s. Every name,
 * phone number and address here is made up ("演示" = demonstration; the phones are 1380000xxxx
 * placeholders); still, they are treated like real personal data and never logged.
 */
import type { RegisterUnitInput } from '../commands/register-unit.js';
import type { DemoRole } from './models/demo-state.js';

/** How residents call the unit; also the topic of its WeChat group. */
export const DEMO_UNIT_NAME = '演示新村 12幢2单元';

/** A person of the demo (owner, applicant representative, committee member). */
export interface DemoResident {
  /** Stable across restarts: `owner-<room>-<n>` or `committee-<n>`. */
  readonly key: string;
  readonly name: string;
  readonly phone: string;
  readonly roles: readonly DemoRole[];
  readonly room?: string;
  readonly gender: 'male' | 'female';
}

interface DemoFlat {
  readonly room: string;
  /** Registered area (不动产登记), m² with two decimals. */
  readonly area: string;
  readonly owners: readonly { name: string; phone: string; gender: 'male' | 'female' }[];
  readonly elderly?: boolean;
}

/**
 * Six floors, two flats a floor: the east stack (x01) is the larger two-bedroom, the west (x02) the
 * smaller; 601 has the roof loft counted in its register area. 101 is the elderly household; 502 is
 * co-owned by a married couple; 501's owner is the applicant representative.
 */
const FLATS: readonly DemoFlat[] = [
  {
    room: '101',
    area: '72.36',
    elderly: true,
    owners: [{ name: '王秀英', phone: '13800000101', gender: 'female' }],
  },
  { room: '102', area: '61.48', owners: [{ name: '张建国', phone: '13800000102', gender: 'male' }] },
  { room: '201', area: '72.36', owners: [{ name: '李文华', phone: '13800000201', gender: 'male' }] },
  { room: '202', area: '61.48', owners: [{ name: '刘海燕', phone: '13800000202', gender: 'female' }] },
  { room: '301', area: '72.36', owners: [{ name: '陈志强', phone: '13800000301', gender: 'male' }] },
  { room: '302', area: '58.92', owners: [{ name: '杨丽娟', phone: '13800000302', gender: 'female' }] },
  { room: '401', area: '72.36', owners: [{ name: '赵国平', phone: '13800000401', gender: 'male' }] },
  { room: '402', area: '61.48', owners: [{ name: '黄美玲', phone: '13800000402', gender: 'female' }] },
  { room: '501', area: '72.36', owners: [{ name: '周伟', phone: '13800000501', gender: 'male' }] },
  {
    room: '502',
    area: '61.48',
    owners: [
      { name: '吴俊', phone: '13800000502', gender: 'male' },
      { name: '徐静', phone: '13800001502', gender: 'female' },
    ],
  },
  { room: '601', area: '94.15', owners: [{ name: '孙立新', phone: '13800000601', gender: 'male' }] },
  { room: '602', area: '56.70', owners: [{ name: '朱晓梅', phone: '13800000602', gender: 'female' }] },
];

/** The room whose owner speaks for the applicants (申请人代表). */
export const APPLICANT_ROOM = '501';

/** The registration of the unit, as `registerUnit` takes it. */
export const DEMO_UNIT: RegisterUnitInput = {
  name: DEMO_UNIT_NAME,
  address: {
    district: '拱墅区',
    subdistrict: '演示街道',
    community: '演示新村社区',
    building: '12幢',
    unit: '2单元',
  },
  flats: FLATS.map((flat) => ({
    room: flat.room,
    floor: Number(flat.room.slice(0, -2)),
    area: flat.area,
    areaSource: 'register' as const,
    owners: flat.owners.map(({ name, phone }) => ({ name, phone })),
    ...(flat.elderly ? { elderly: true } : {}),
  })),
};

/** The residents' committee member (社区居委会) who follows the unit; not an owner. */
const COMMITTEE: readonly DemoResident[] = [
  { key: 'committee-1', name: '沈丽萍', phone: '13800009001', roles: ['committee_member'], gender: 'female' },
];

/**
 * A group member who owns no flat: the tenant renting 302 from 杨丽娟. Every unit group has some (a
 * tenant, a son who lives elsewhere); the bot must answer them kindly and count nothing they say.
 */
const STRANGERS: readonly DemoResident[] = [
  { key: 'tenant-302', name: '马小军', phone: '13800009302', roles: ['tenant'], gender: 'male' },
];

/**
 * Everyone in the demo: each owner and co-owner (with the applicant representative's role), then the
 * committee, then the tenant.
 */
export const DEMO_PEOPLE: readonly DemoResident[] = [
  ...FLATS.flatMap((flat) =>
    flat.owners.map((owner, index): DemoResident => ({
      key: `owner-${flat.room}-${index + 1}`,
      name: owner.name,
      phone: owner.phone,
      roles: flat.room === APPLICANT_ROOM && index === 0 ? ['owner', 'applicant_representative'] : ['owner'],
      room: flat.room,
      gender: owner.gender,
    })),
  ),
  ...COMMITTEE,
  ...STRANGERS,
];

/**
 * The people already bound to their flat when the demo opens, by key: as if they had said
 * `绑定 <code>` privately from the slip the committee handed them. 502's first owner is bound and the
 * second is not: the slip is used, so the second asks to join and 502's first owner confirms
 * (`确认家人`). The others wait for a newcomer.
 */
export const DEMO_BOUND_KEYS: readonly string[] = [
  'owner-201-1',
  'owner-301-1',
  'owner-401-1',
  'owner-501-1',
  'owner-502-1',
  'owner-601-1',
];

/** A vote cast before the demo opens: in the group by a bound owner, or on a paper ballot the committee entered. */
export type DemoSeedVote =
  | { readonly channel: 'wechat'; readonly key: string; readonly choice: 'agree' | 'oppose' }
  | {
      readonly channel: 'paper';
      readonly room: string;
      readonly choice: 'agree' | 'oppose';
      readonly reference: string;
    };

/**
 * The votes already cast when the demo opens: three agree (two in the group, one on paper — 601's
 * owner is bound but handed in a paper form anyway), one oppose. The tally is far from passing, so
 * each newcomer's vote moves it visibly.
 */
export const DEMO_SEED_VOTES: readonly DemoSeedVote[] = [
  { channel: 'wechat', key: 'owner-201-1', choice: 'agree' },
  { channel: 'wechat', key: 'owner-501-1', choice: 'agree' },
  { channel: 'paper', room: '601', choice: 'agree', reference: '演示纸质表决票 601-1' },
  { channel: 'wechat', key: 'owner-401-1', choice: 'oppose' },
];

/** Plan version 1: the draft the elevator ballot votes on (the text summary `PublishPlan` takes). */
export const DEMO_PLAN = {
  planVersion: 1,
  title: '加装电梯方案 v1',
  summary:
    '在单元北侧楼梯间外加装一部 6 站平层入户电梯（钢结构井道，载重 630 kg）。' +
    '总造价约 ¥600,000（含设计、土建、设备、管线迁移与监理），' +
    '申请财政补助 ¥200,000，其余约 ¥400,000 由业主按楼层系数和面积分摊，分摊表另行公示。',
  // Hangzhou practice: the ground floor pays nothing, the coefficient grows with the floor.
  cost: {
    totalCostFen: 60_000_000,
    subsidyFen: 20_000_000,
    scheme: { kind: 'floor_coefficient', permilleByFloor: { 2: 200, 3: 600, 4: 900, 5: 1100, 6: 1200 } },
  },
} as const;

/** The elevator ballot on plan v1: open for 14 days. */
export const DEMO_BALLOT = {
  title: '关于同意加装电梯（方案 v1）的表决',
  openDays: 14,
} as const;

/**
 * The demo's places: one district, one sub-district and two communities in it — the demo unit's
 * (演示新村社区) and a neighbouring one (示范里社区) with a unit of its own — so that a committee
 * member's token of one community can be seen to reach its unit and nothing of the other's. Fixed
 * ids, so a restart finds them.
 */
export const DEMO_PLACES = [
  { placeId: 'pl_demodistrict', kind: 'district', name: '拱墅区' },
  { placeId: 'pl_demosubdistrict', kind: 'subdistrict', name: '演示街道', parentId: 'pl_demodistrict' },
  { placeId: 'pl_democommunitya', kind: 'community', name: '演示新村社区', parentId: 'pl_demosubdistrict' },
  { placeId: 'pl_democommunityb', kind: 'community', name: '示范里社区', parentId: 'pl_demosubdistrict' },
] as const;

/** The community of the demo unit, and the neighbouring one. */
export const DEMO_COMMUNITY_ID = DEMO_PLACES[2].placeId;
export const DEMO_NEIGHBOUR_COMMUNITY_ID = DEMO_PLACES[3].placeId;

/** The neighbouring community's unit: registered only, four flats, nobody in the demo's chats. */
export const DEMO_NEIGHBOUR_UNIT: RegisterUnitInput = {
  name: '示范里 3幢1单元',
  address: {
    district: '拱墅区',
    subdistrict: '演示街道',
    community: '示范里社区',
    building: '3幢',
    unit: '1单元',
  },
  flats: [
    ['101', 1, '65.20', '钱桂芳'],
    ['102', 1, '58.40', '郑国庆'],
    ['201', 2, '65.20', '冯晓东'],
    ['202', 2, '58.40', '何丽'],
  ].map(([room, floor, area, name]) => ({
    room: room as string,
    floor: floor as number,
    area: area as string,
    areaSource: 'register' as const,
    owners: [{ name: name as string }],
  })),
};
