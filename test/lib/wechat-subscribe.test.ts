/**
 * The subscription-message client (`lib/wechat-subscribe.ts`) over real HTTP against the local
 * stand-in that follows WeChat's documented contract: one access token fetched and shared, fetched
 * again when WeChat says it expired or when it nears its end, and each refusal told apart — a person
 * who has not allowed the message (not to be retried), a template we got wrong, WeChat busy.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../lib/log.js';
import {
  createWechatMessenger,
  WechatSubscribeError,
  type SubscribeMessage,
} from '../../lib/wechat-subscribe.js';
import {
  STANDIN_APPID,
  STANDIN_SECRET,
  startWechatStandIn,
  type WechatStandIn,
} from '../support/wechat-standin.js';

const log = createLogger({ level: 'silent' });
let standIn: WechatStandIn;
beforeAll(async () => {
  standIn = await startWechatStandIn();
});
afterAll(() => standIn.close());

const TEMPLATE = 'tmpl-ballot-reminder';
const reminder = (touser: string, data: Record<string, string> = {}): SubscribeMessage => ({
  touser,
  templateId: TEMPLATE,
  page: 'pages/vote/index',
  data: {
    thing1: '演示新村12幢2单元加装电梯',
    time2: '2025年3月17日 24:00',
    thing3: '还没表决，点开投票',
    ...data,
  },
});
const messenger = (overrides: { nowMs?: () => number; secret?: string } = {}) =>
  createWechatMessenger(
    { appId: STANDIN_APPID, secret: overrides.secret ?? STANDIN_SECRET, baseUrl: standIn.url, ...overrides },
    log,
  );
const failureOf = async (send: Promise<void>) => {
  const error = await send.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WechatSubscribeError);
  return error as WechatSubscribeError;
};

describe('sending a subscription message', () => {
  it('delivers what the person allowed, once per tap on 允许, with every field and the page it opens', async () => {
    const client = messenger();
    standIn.allow('o-li', TEMPLATE);
    await client.send(reminder('o-li'));
    expect(standIn.delivered.at(-1)).toEqual({
      touser: 'o-li',
      templateId: TEMPLATE,
      page: 'pages/vote/index',
      data: {
        thing1: '演示新村12幢2单元加装电梯',
        time2: '2025年3月17日 24:00',
        thing3: '还没表决，点开投票',
      },
      state: 'formal',
    });
    // The one message allowed is used: the next is refused, and is not worth retrying.
    const refused = await failureOf(client.send(reminder('o-li')));
    expect(refused).toMatchObject({
      reason: 'refused',
      errcode: 43101,
      code: 'wechat_refused',
      retryable: false,
    });
  });

  it('fetches one access token for many sends, even when they start together', async () => {
    const client = messenger();
    const before = standIn.tokensIssued;
    for (const id of ['o-1', 'o-2', 'o-3', 'o-4']) standIn.allow(id, TEMPLATE);
    await Promise.all(['o-1', 'o-2', 'o-3', 'o-4'].map((id) => client.send(reminder(id))));
    expect(standIn.tokensIssued - before).toBe(1);
  });

  it('fetches a new token when WeChat says the old one expired, and sends on it', async () => {
    const client = messenger();
    standIn.allow('o-5', TEMPLATE);
    standIn.allow('o-6', TEMPLATE);
    await client.send(reminder('o-5'));
    const before = standIn.tokensIssued;
    standIn.expireTokens();
    await client.send(reminder('o-6'));
    expect(standIn.tokensIssued - before).toBe(1);
    expect(standIn.delivered.at(-1)?.touser).toBe('o-6');
  });

  it('fetches a new token five minutes before the old one ends, without a failed send first', async () => {
    let now = Date.parse('2025-03-03T02:00:00Z');
    const client = messenger({ nowMs: () => now });
    standIn.allow('o-7', TEMPLATE);
    standIn.allow('o-8', TEMPLATE);
    await client.send(reminder('o-7'));
    const before = standIn.tokensIssued;
    now += 7200_000 - 4 * 60_000;
    await client.send(reminder('o-8'));
    expect(standIn.tokensIssued - before).toBe(1);
  });

  it('says a template or its data is wrong (ours to fix, not retried), naming WeChat’s code', async () => {
    const client = messenger();
    standIn.allow('o-9', TEMPLATE);
    const tooLong = await failureOf(
      client.send(reminder('o-9', { thing3: '这一句话超过了二十个字所以微信不会接受它的哦真的' })),
    );
    expect(tooLong).toMatchObject({ reason: 'rejected', errcode: 47003, retryable: false });
    const unknown = await failureOf(client.send({ ...reminder('o-9'), templateId: 'tmpl-nobody-has' }));
    expect(unknown).toMatchObject({ reason: 'rejected', errcode: 40037 });
  });

  it('is unavailable, and worth retrying, when WeChat is busy or the credentials are wrong', async () => {
    standIn.busy = true;
    try {
      expect(await failureOf(messenger().send(reminder('o-1')))).toMatchObject({
        reason: 'unavailable',
        retryable: true,
      });
    } finally {
      standIn.busy = false;
    }
    const wrong = await failureOf(messenger({ secret: 'f'.repeat(32) }).send(reminder('o-1')));
    expect(wrong).toMatchObject({ reason: 'unavailable', errcode: 40125 });
  });
});
