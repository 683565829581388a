/**
 * The demo API (`npm run demo`), over HTTP with no token: the state of the seeded unit, speaking as a
 * resident through the mock puppet (the real bot answers), and the transcript the page polls.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_UNIT_ID } from '../../demo/seed.js';
import type { Json } from '../support/http.js';
import { demoDbName, demoFetch, startDemo, waitForLine, type DemoSystem } from './demo-system.js';

const dbName = demoDbName('demo_api');
let demo: DemoSystem;
beforeAll(async () => {
  demo = await startDemo(dbName);
});
afterAll(() => demo.stop());

const state = async (): Promise<Json> => {
  const { status, body } = await demoFetch(demo.system, '/demo/api/state');
  expect(status).toBe(200);
  return body;
};

describe('GET /demo/api/state', () => {
  it('lists the unit, its open ballot, the twelve flats’ thirteen owners, a tenant and the committee member', async () => {
    const body = await state();
    expect(body).toMatchObject({ unitId: DEMO_UNIT_ID, ballotId: expect.stringMatching(/^b_/) });
    expect(body.residents).toHaveLength(13);
    for (const resident of body.residents) {
      expect(resident).toEqual(
        expect.objectContaining({
          room: expect.stringMatching(/^[1-6]0[12]$/),
          name: expect.any(String),
          contactId: expect.any(String),
          bound: expect.any(Boolean),
          voted: expect.any(Boolean),
        }),
      );
    }
    expect(body.strangers).toEqual([{ contactId: expect.any(String), name: '马小军' }]);
    expect(body.committee).toEqual([{ contactId: expect.any(String), name: '沈丽萍' }]);
  });

  it('opens with six households bound, four flats voted, and a binding code for each unbound resident only', async () => {
    const body = await state();
    const bound = body.residents.filter((r: Json) => r.bound).map((r: Json) => r.room);
    expect(bound).toEqual(['201', '301', '401', '501', '502', '601']);
    const voted = [...new Set(body.residents.filter((r: Json) => r.voted).map((r: Json) => r.room))];
    expect(voted).toEqual(['201', '401', '501', '601']);
    for (const resident of body.residents) {
      if (resident.bound) expect(resident.bindingCode).toBeUndefined();
      else expect(resident.bindingCode).toMatch(/^[0-9A-Z]{8}$/);
    }
    // 502's two co-owners: one bound, one holding the flat's code.
    const coOwners = body.residents.filter((r: Json) => r.room === '502');
    expect(coOwners.map((r: Json) => r.bound)).toEqual([true, false]);
  });

  it('needs no token', async () => {
    const response = await fetch(`${demo.system.url}/demo/api/state`);
    expect(response.status).toBe(200);
  });
});

describe('POST /demo/api/say and GET /demo/api/messages', () => {
  it('binds a newcomer with their slip’s code said privately, and the bot answers in the transcript', async () => {
    const before = await state();
    const wang = before.residents.find((r: Json) => r.room === '101');
    expect(wang.bound).toBe(false);
    const said = await demoFetch(demo.system, '/demo/api/say', {
      as: wang.contactId,
      to: 'bot',
      text: `绑定 ${wang.bindingCode}`,
    });
    expect(said.status).toBe(202);

    const mine = await waitForLine(demo.system, (l) => l.from === wang.contactId && l.to === 'bot');
    expect(mine).toEqual({
      seq: expect.any(Number),
      from: wang.contactId,
      to: 'bot',
      text: `绑定 ${wang.bindingCode}`,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const answer = await waitForLine(demo.system, (l) => l.from === 'bot', mine.seq);
    expect(answer.seq).toBeGreaterThan(mine.seq);
    expect(answer.text).toContain('101');
    expect((await state()).residents.find((r: Json) => r.room === '101')).toMatchObject({ bound: true });
  });

  it('takes a private vote: a receipt to the resident, the flat marked as voted', async () => {
    const wang = (await state()).residents.find((r: Json) => r.room === '101');
    const { body: lines } = await demoFetch(demo.system, '/demo/api/messages');
    const last = (lines as Json[]).at(-1).seq as number;
    expect(
      (await demoFetch(demo.system, '/demo/api/say', { as: wang.contactId, to: 'bot', text: '1' })).status,
    ).toBe(202);
    const mine = await waitForLine(demo.system, (l) => l.from === wang.contactId, last);
    expect(mine).toMatchObject({ to: 'bot', text: '1' });
    const receipt = await waitForLine(demo.system, (l) => l.from === 'bot' && l.to === wang.contactId, last);
    expect(receipt.text).toContain('同意');
    expect((await state()).residents.find((r: Json) => r.room === '101')).toMatchObject({ voted: true });
  });

  it('answers 进度 in the group with the tally', async () => {
    const { committee } = await state();
    const { body: lines } = await demoFetch(demo.system, '/demo/api/messages');
    const last = (lines as Json[]).at(-1).seq as number;
    expect(
      (
        await demoFetch(demo.system, '/demo/api/say', {
          as: committee[0].contactId,
          to: 'group',
          text: '进度',
        })
      ).status,
    ).toBe(202);
    const answer = await waitForLine(demo.system, (l) => l.from === 'bot' && l.to === 'group', last);
    expect(answer.text).toMatch(/\d/);
  });

  it('returns only the lines after `after`, in seq order', async () => {
    const { body: all } = await demoFetch(demo.system, '/demo/api/messages?after=0');
    const seqs = (all as Json[]).map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const { body: tail } = await demoFetch(demo.system, `/demo/api/messages?after=${seqs[1]}`);
    expect((tail as Json[]).map((l) => l.seq)).toEqual(seqs.slice(2));
  });
});

describe('demo API refusals', () => {
  it.each([
    ['as', { to: 'group', text: '你好' }],
    ['to', { as: 'x', to: 'everyone', text: '你好' }],
    ['text', { as: 'x', to: 'group', text: '   ' }],
  ])('answers a say without a valid %s with 400 validation_error naming it', async (field, body) => {
    const { status, body: error } = await demoFetch(demo.system, '/demo/api/say', body);
    expect(status).toBe(400);
    expect(error).toMatchObject({ ok: false, error: 'validation_error', details: { field } });
    expect(error.message).toContain(field);
  });

  it('answers a body that is not JSON with 400 invalid_json', async () => {
    const { status, body } = await demoFetch(demo.system, '/demo/api/say', '{"as":');
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, error: 'invalid_json' });
  });

  it('answers a contact who is no demo person with 404 not_found naming `as`', async () => {
    const { status, body } = await demoFetch(demo.system, '/demo/api/say', {
      as: 'wxid_nobody',
      to: 'group',
      text: '你好',
    });
    expect(status).toBe(404);
    expect(body).toMatchObject({ ok: false, error: 'not_found', details: { field: 'as' } });
  });

  it('answers a bad `after` with 400 validation_error naming it', async () => {
    const { status, body } = await demoFetch(demo.system, '/demo/api/messages?after=-1');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'validation_error', details: { field: 'after' } });
  });
});

describe('the demo after a restart on the same database', () => {
  let before: { state: Json; lines: Json[] };
  beforeAll(async () => {
    before = {
      state: await state(),
      lines: (await demoFetch(demo.system, '/demo/api/messages')).body as Json[],
    };
    await demo.stop({ keep: true });
    demo = await startDemo(dbName);
  });

  it('keeps who is bound and who voted, with the same contact ids', async () => {
    expect(await state()).toEqual(before.state);
    expect(before.state.residents.find((r: Json) => r.room === '101')).toMatchObject({
      bound: true,
      voted: true,
    });
  });

  it('keeps the transcript and goes on numbering after it', async () => {
    expect((await demoFetch(demo.system, '/demo/api/messages')).body).toEqual(before.lines);
    const wang = before.state.residents.find((r: Json) => r.room === '101');
    const last = before.lines.at(-1).seq as number;
    expect(
      (await demoFetch(demo.system, '/demo/api/say', { as: wang.contactId, to: 'bot', text: '进度' })).status,
    ).toBe(202);
    const mine = await waitForLine(demo.system, (l) => l.from === wang.contactId, last);
    expect(mine.seq).toBe(last + 1);
    const answer = await waitForLine(
      demo.system,
      (l) => l.from === 'bot' && l.to === wang.contactId,
      mine.seq,
    );
    expect(answer.text).toMatch(/^现在：「表决」阶段，已表决 \d+ 户/);
  });
});
