/**
 * The authorization matrix: every route of `/api/v1` (listed from the routers, so a new route without
 * a row here fails) × every kind of caller × their own scope and a foreign one, over real HTTP on the
 * real database. The expected answers are written out below, route by route, apart from the policies
 * they check (`domain/case/policies.ts`): a role the row names passes the guard on its own unit; any
 * other is refused 403 `forbidden`; a unit (or ballot) outside the caller's scope is answered 404 as one
 * that does not exist, whatever the role. And in no answer to anyone does personal data appear that
 * is not theirs to see: never the foreign unit's owners, never a whole phone number but one's own, and
 * owners' names only to the committee of the unit's community, the administrator, and a resident's own
 * flat. The elevator's maintainer and its 使用单位, whose tokens reach unit A alone, see no owner at all.
 *
 * Writes are sent with an empty body: a caller the guard lets through meets the route's own checks
 * (400 and the like) and nothing is stored, so the matrix changes nothing it goes on to check.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiRouters } from '../../api/routes/index.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { openBallot, publishPlan } from '../support/api-helpers.js';
import { replyText } from '../support/documents.js';
import { ADMIN_TOKEN, startTestApi, type Reply, type TestApi } from '../support/http.js';
import { bindingCodes, createPlace, issueToken, registerUnitIn, taggedFlats } from '../support/people.js';

/**
 * The callers: the administrator, the six staff roles (in unit A's places: the applicant
 * representative, the maintainer and the 使用单位 on unit A itself), a resident of A's 101.
 */
const CALLERS = [
  'admin',
  'district',
  'subdistrict',
  'committee',
  'applicant',
  'maintainer',
  'user_unit',
  'resident',
] as const;
type Caller = (typeof CALLERS)[number];
const LETTER: Readonly<Record<Caller, string>> = {
  admin: 'A',
  district: 'D',
  subdistrict: 'S',
  committee: 'C',
  applicant: 'P',
  maintainer: 'M',
  user_unit: 'U',
  resident: 'R',
};

/**
 * Who passes each route's guard, by letter: A administrator, D district officer, S sub-district
 * officer, C residents'-committee member, P applicant representative, M the elevator's maintainer,
 * U its 使用单位 (user unit), R resident.
 */
const MATRIX: Readonly<Record<string, string>> = {
  'POST /units': 'AC',
  'GET /units': 'ADSCP',
  'POST /units/import': 'AC',
  'GET /units/:unitId': 'ADSCPR',
  'PUT /units/:unitId/flats': 'AC',
  'PUT /units/:unitId/flats/import': 'AC',
  'PUT /units/:unitId/community': 'A',
  'POST /units/:unitId/plans': 'ACP',
  'GET /units/:unitId/plans': 'ADSCPR',
  'POST /units/:unitId/plans/simulate': 'ADSCPR',
  'POST /units/:unitId/proxies': 'AC',
  'POST /units/:unitId/binding-codes': 'AC',
  'POST /units/:unitId/binding-codes/:room': 'AC',
  'DELETE /units/:unitId/binding-codes/:room': 'AC',
  'POST /units/:unitId/group-code': 'ACP',
  'GET /units/:unitId/bindings': 'ADSCP',
  'POST /units/:unitId/contacts': 'AC',
  'POST /units/:unitId/ballots': 'AC',
  'GET /ballots/:id': 'ADSCPR',
  'GET /ballots/:id/tally': 'ADSCPR',
  'GET /ballots/:id/record': 'ADSCPR',
  'GET /ballots/:id/worklist': 'ADSCP',
  'POST /ballots/:id/close': 'AC',
  'POST /ballots/:id/cancellation': 'AC',
  'POST /ballots/:id/votes': 'AC',
  'GET /calendar/period-end': 'ADSCPR',
  'POST /units/:unitId/agreement': 'ACP',
  'POST /units/:unitId/objections': 'AC',
  'GET /units/:unitId/objections': 'ADSCPR',
  'POST /units/:unitId/objections/:objectionId/withdrawal': 'AC',
  'POST /units/:unitId/objections/:objectionId/mediations': 'ASC',
  'POST /units/:unitId/objections/:objectionId/mediations/:step/withdrawal': 'ASC',
  'GET /units/:unitId/clock-settings': 'ADSCP',
  'PATCH /units/:unitId/clock-settings': 'A',
  'GET /units/:unitId/alerts': 'ADSCP',
  'POST /units/:unitId/alerts/:alertId/ack': 'ADSCP',
  'GET /units/:unitId/timeline': 'ADSCP',
  'GET /units/:unitId/timeline/verify': 'ADSCPR',
  'GET /places': 'ADSCP',
  'POST /places': 'A',
  'GET /tokens': 'AC',
  'POST /tokens': 'AC',
  'DELETE /tokens/:tokenId': 'AC',
  'GET /me': 'ADSCPRMU',
  'POST /me/flats': 'AR',
  // Signing out ends the session it is sent with: run last (see `ORDER`).
  'DELETE /me/session': 'AR',
  'POST /ballots/:id/my-vote': 'AR',
  'POST /units/:unitId/my-objections': 'AR',
  'GET /ballots/:id/record.xlsx': 'ADSCP',
  'GET /ballots/:id/record.pdf': 'ADSCP',
  'POST /units/:unitId/binding-codes.pdf': 'AC',
  'GET /units/:unitId/publicity-notice.pdf': 'ADSCPR',
  'GET /units/:unitId/roster.xlsx': 'ADSCP',
  'GET /units/:unitId/objections/:objectionId/minutes.pdf': 'ADSCP',
  'GET /dashboard': 'ADSC',
  'GET /me/reminders': 'AR',
  'GET /units/:unitId/milestones': 'ADSCPR',
  'GET /units/:unitId/application': 'ADSCPR',
  'POST /units/:unitId/application': 'ACP',
  'POST /units/:unitId/application/supplement': 'ACP',
  'POST /units/:unitId/application/incomplete': 'AD',
  'POST /units/:unitId/application/acceptance': 'AD',
  'POST /units/:unitId/application/opinions': 'AD',
  'POST /units/:unitId/application/conclusion': 'AD',
  'GET /units/:unitId/works': 'ADSCPR',
  'POST /units/:unitId/works/pipeline-relocation': 'ACP',
  'POST /units/:unitId/works/installation-notice': 'ACP',
  'POST /units/:unitId/works/start': 'ACP',
  'POST /units/:unitId/works/completion': 'ACP',
  'POST /units/:unitId/works/inspections': 'ACP',
  'POST /units/:unitId/works/acceptance': 'ACP',
  'POST /units/:unitId/user-unit': 'ACP',
  'POST /units/:unitId/handover': 'ACP',
  'POST /units/:unitId/use-registration': 'ACP',
  'POST /me/reminders': 'AR',
  'GET /units/:unitId/payments': 'ADSCP',
  'POST /units/:unitId/payments': 'ACP',
  'POST /units/:unitId/payments/:paymentId/cancel': 'ACP',
  'GET /me/costs': 'AR',
  // Documents may hold owners' personal data: staff only; the district files what it issues.
  'GET /units/:unitId/documents': 'ADSCP',
  'POST /units/:unitId/documents': 'ADCP',
  'GET /units/:unitId/documents/:documentId/file': 'ADSCP',
  'POST /units/:unitId/documents/:documentId/withdraw': 'ADCP',
  'GET /units/:unitId/claims': 'ADSCP',
  'POST /units/:unitId/claims': 'ACP',
  // The elevator in service: everyone of the unit reads it; the maintainer logs its visits, the 使用单位
  // signs them off; the alarm is taken on by whoever may be called out to it.
  'GET /units/:unitId/elevator': 'ADSCPRMU',
  'PUT /units/:unitId/elevator': 'ACPU',
  'POST /units/:unitId/elevator/alarm-key': 'ACPU',
  'POST /units/:unitId/elevator/inspections': 'ACPU',
  'POST /units/:unitId/elevator/visits': 'AM',
  'POST /units/:unitId/elevator/visits/confirmation': 'AU',
  'POST /units/:unitId/elevator/alarms/:alarmId/acknowledgement': 'ADSCMU',
  // Its running costs name what each flat owes: read by those who read the roster; kept by the
  // committee and the 使用单位.
  'GET /units/:unitId/running': 'ADSCPU',
  'PUT /units/:unitId/running/key': 'ACU',
  'POST /units/:unitId/running/bills': 'ACU',
  'POST /units/:unitId/running/incomes': 'ACU',
  'POST /units/:unitId/running/payments': 'ACU',
};

const ROUTES = apiRouters({} as CommandContext).flatMap((router) =>
  router.stack.flatMap((layer) =>
    layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${String(layer.path)}`),
  ),
);
/** The routes in the order they are tried: signing out last. */
const ORDER = [...ROUTES].sort(
  (a, b) => Number(a === 'DELETE /me/session') - Number(b === 'DELETE /me/session'),
);

let api: TestApi;
const tokens = {} as Record<Caller, string>;
const own: Record<string, string> = {
  room: '101',
  objectionId: 'YY-1',
  step: '1',
  alertId: 'TX-1',
  tokenId: 'tok_none',
  paymentId: 'pay_none',
  documentId: 'doc_none',
  alarmId: 'AL-none',
};
let foreign: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi({ env: { JIATI_DEV_SIGN_IN: '1' } });
  const district = await createPlace(api, 'district', '甲区');
  const subdistrict = await createPlace(api, 'subdistrict', '甲街道', district);
  const communityA = await createPlace(api, 'community', '甲社区', subdistrict);
  const otherDistrict = await createPlace(api, 'district', '乙区');
  const otherSubdistrict = await createPlace(api, 'subdistrict', '乙街道', otherDistrict);
  const communityB = await createPlace(api, 'community', '乙社区', otherSubdistrict);
  const unitA = await registerUnitIn(api, communityA, '甲1幢1单元', taggedFlats(4, '甲', '1391111'));
  const unitB = await registerUnitIn(api, communityB, '乙1幢1单元', taggedFlats(4, '乙', '1392222'));
  for (const unitId of [unitA, unitB]) await publishPlan(api, unitId);
  const ballotA = (await openBallot(api, unitA, { matter: 'major', closesAt: '2025-03-10T16:00:00.000Z' }))
    .id;
  const ballotB = (await openBallot(api, unitB, { matter: 'major', closesAt: '2025-03-10T16:00:00.000Z' }))
    .id;
  Object.assign(own, { unitId: unitA, id: ballotA });
  foreign = { ...own, unitId: unitB, id: ballotB as string };
  const staff = async (role: string, kind: string, id: string) =>
    (await issueToken(api, { name: `${role}的人`, role, scope: { kind, id } })).secret;
  tokens.admin = ADMIN_TOKEN;
  tokens.district = await staff('district', 'district', district);
  tokens.subdistrict = await staff('subdistrict', 'subdistrict', subdistrict);
  tokens.committee = await staff('committee', 'community', communityA);
  tokens.applicant = await staff('applicant', 'unit', unitA);
  tokens.maintainer = await staff('maintainer', 'unit', unitA);
  tokens.user_unit = await staff('user_unit', 'unit', unitA);
  const code = (await bindingCodes(api, unitA)).get('101');
  const signedIn = await api.post('/api/v1/sessions/dev', { code }, { token: null });
  expect(signedIn.status).toBe(201);
  tokens.resident = signedIn.body.token as string;
});

afterAll(async () => {
  await api?.close();
});

/** Sends the route with `params` filled in, as `caller`; writes with an empty body. */
async function call(route: string, caller: Caller, params: Record<string, string>): Promise<Reply> {
  const [method, path] = route.split(' ') as [string, string];
  const url = `/api/v1${path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!))}`;
  const query = route === 'GET /calendar/period-end' ? '?start=2025-03-03&days=7' : '';
  return api.request(method, url + query, method === 'GET' || method === 'DELETE' ? undefined : {}, {
    token: tokens[caller],
  });
}

/** What names a unit in the route's path: a unit, a ballot, or nothing. */
const targetOf = (route: string) =>
  route.includes(':unitId') ? 'unit' : route.includes('/ballots/:id') ? 'ballot' : 'none';

/** Personal data `caller` may not see, anywhere: the foreign unit's, and (but for whoever sees names) A's owners'. */
function unseen(caller: Caller): RegExp[] {
  if (caller === 'admin') return [];
  const never = [/乙业主/, /1392222\d{4}/];
  if (caller === 'committee') return [...never, /1391111\d{4}/];
  if (caller === 'resident') return [...never, /甲业主(?!101)/, /1391111(?!0101)\d{4}/];
  return [...never, /甲业主/, /1391111\d{4}/];
}

describe('the matrix', () => {
  it('has a row for every route, and no row for a route that does not exist', () => {
    expect([...ROUTES].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(CALLERS)(
    '%s: passes exactly where the row says, never beyond their scope, sees no one else’s data',
    async (caller) => {
      const problems: string[] = [];
      for (const route of ORDER) {
        const allowed = MATRIX[route]!.includes(LETTER[caller]);
        const target = targetOf(route);
        const scopes: [string, Record<string, string>][] =
          target === 'none' || caller === 'admin'
            ? [['own', own]]
            : [
                ['foreign', foreign],
                ['own', own],
              ];
        for (const [scope, params] of scopes) {
          const reply = await call(route, caller, params);
          const error = reply.body?.error as string | undefined;
          const scopeRefusal = error === 'unit_not_registered' || error === 'ballot_not_found';
          let ok: boolean;
          if (scope === 'foreign') ok = reply.status === 404 && scopeRefusal;
          else if (allowed)
            ok = reply.status !== 403 && !(reply.status === 404 && scopeRefusal) && reply.status !== 401;
          else ok = reply.status === 403 && error === 'forbidden';
          if (!ok) problems.push(`${route} (${scope}): ${reply.status} ${error ?? ''}`);
          // A PDF or a spreadsheet is searched as the text a person reads in it.
          const text = await replyText(reply);
          for (const pattern of unseen(caller)) {
            if (pattern.test(text)) problems.push(`${route} (${scope}) shows ${pattern}`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
