/**
 * What the API shows ("exports contain only fields the caller's role may see"): every
 * GET route — its JSON, or the text of the PDF or spreadsheet it answers with — — listed from the routers, so a new one is covered without editing this file — answers
 * without a phone number and without a binding code, for a unit whose owners all have phones on file,
 * whose households have codes issued (one of them bound with it, another revoked), whose group has a
 * code, and whose objector wrote a phone on the paper. Phones show masked (`138****0101`) or as
 * `hasPhone`; codes are said once, in the answer to the POST that issued them.
 *
 * The caller here is the administrator, who sees the most; what each role sees of it is the
 * authorization matrix's (test/api/authorization-matrix.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type Router from '@koa/router';
import { apiRouters } from '../../api/routes/index.js';
import { bindHousehold } from '../../commands/bind-household.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { openBallot, publishPlan, registerUnit, vote } from '../support/api-helpers.js';
import { replyText } from '../support/documents.js';
import { startTestApi, T0, type TestApi } from '../support/http.js';
import { MOBILE_NUMBER } from '../support/privacy-scan.js';
import { flats, rooms } from '../support/units.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();

/** Every GET path the routers answer. */
const GET_PATHS = apiRouters({} as CommandContext).flatMap((router: Router) =>
  router.stack.filter((layer) => layer.methods.includes('GET')).map((layer) => String(layer.path)),
);

let api: TestApi;
const secrets: string[] = [];
let params: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi();
  const owners = flats(4);
  secrets.push(...owners.flatMap((flat) => flat.owners.map((owner) => owner.phone!)));
  const unitId = await registerUnit(api, 4, owners);
  await publishPlan(api, unitId);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  const codes = (await api.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as { code: string }[];
  secrets.push(...codes.map((c) => c.code));
  const bound = await bindHousehold(
    api.system.commands,
    { contactId: 'wx-owner-101', code: codes[0]!.code, asProxy: false },
    { now: api.clock.now() },
  );
  expect(bound.kind).toBe('bound');
  expect((await api.request('DELETE', `/api/v1/units/${unitId}/binding-codes/102`)).status).toBe(200);
  secrets.push((await api.post(`/api/v1/units/${unitId}/group-code`)).body.code as string);
  await vote(api, ballot.id as string, rooms(4), 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
  expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
  api.clock.set(day(8));
  const objectorPhone = '13912345678';
  secrets.push(objectorPhone);
  const filed = await api.post(`/api/v1/units/${unitId}/objections`, {
    ground: 'daylight',
    filedAt: day(8),
    objector: { name: '赵铁柱', room: '101', phone: objectorPhone },
    summary: '电梯井挡住客厅的阳光',
  });
  expect(filed.status).toBe(201);
  expect(filed.body.objector).toEqual({ name: '赵铁柱', room: '101', hasPhone: true });
  params = { unitId, id: ballot.id as string, objectionId: filed.body.reference as string, alertId: 'TX-1' };
});

afterAll(async () => {
  await api.close();
});

describe('what every GET route shows', () => {
  it('lists the GET routes from the routers', () => {
    expect(GET_PATHS).toEqual(expect.arrayContaining(['/units/:unitId', '/units/:unitId/objections']));
    expect(GET_PATHS.length).toBeGreaterThanOrEqual(9);
  });

  it.each(GET_PATHS)('GET %s: no phone number, no binding or group code', async (path) => {
    const url = path.replace(/:(\w+)/g, (_, name: string) => params[name]!);
    const query = path === '/calendar/period-end' ? '?from=2025-03-03&length=10' : '';
    const reply = await api.get(`/api/v1${url}${query}`);
    expect(reply.status).toBeLessThan(500);
    const text = await replyText(reply);
    expect(text).not.toMatch(MOBILE_NUMBER);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });

  it('shows owners with a masked phone and the objector with hasPhone, never the number', async () => {
    const unit = await api.get(`/api/v1/units/${params.unitId}`);
    expect(unit.body.flats[0].owners).toEqual([{ name: '业主101', hasPhone: true, phone: '138****0101' }]);
    const objections = await api.get(`/api/v1/units/${params.unitId}/objections`);
    expect(objections.body.items[0].objector).toEqual({ name: '赵铁柱', room: '101', hasPhone: true });
  });
});
