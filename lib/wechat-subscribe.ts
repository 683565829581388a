/**
 * Mini-program subscription messages (订阅消息): reminders a resident allowed in the mini-program
 * (`wx.requestSubscribeMessage`), sent through WeChat's server API so they reach people who never
 * type in the group chat. Behind an interface, so nothing depends on WeChat being reachable: the real
 * client below follows WeChat's documented contract, and tests run it against a local stand-in.
 *
 * - `GET /cgi-bin/token?grant_type=client_credential&appid&secret` → `{ access_token, expires_in }`
 *   (7200 s). The token is cached and shared by every send, fetched once however many sends wait for
 *   it, and fetched again five minutes before it expires or as soon as WeChat says it is no longer
 *   good (40001 invalid, 40014 not a token, 42001 expired; the send is then tried once more).
 * - `POST /cgi-bin/message/subscribe/send?access_token=…` with `{ touser, template_id, page, data:
 *   { <key>: { value } }, miniprogram_state, lang }` → `{ errcode: 0 }`.
 *
 * A send WeChat refuses for the person (43101: they have not allowed this message, or used up what
 * they allowed; 40003: not a user of this mini-program) is `refused` and must not be retried; the
 * template and its data being wrong (40037, 47003) is `rejected`, a fault of ours, not retried either;
 * anything else (busy, rate-limited, no answer) is `unavailable` and may be retried later.
 */
import type { Log } from './log.js';
import { WECHAT_API_BASE } from './wechat-auth.js';

/** Why a subscription message did not go out (see the module's note). */
export type SubscribeFailure = 'refused' | 'rejected' | 'unavailable';

export class WechatSubscribeError extends Error {
  override readonly name = 'WechatSubscribeError';
  /** What the outbox stores and logs: `wechat_<reason>`, never the message or the person. */
  readonly code: string;
  constructor(
    readonly reason: SubscribeFailure,
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
    this.code = `wechat_${reason}`;
  }
  /** Whether trying again later may succeed. */
  get retryable(): boolean {
    return this.reason === 'unavailable';
  }
}

/** One subscription message: to whom (their openid), which template, the page it opens, its fields. */
export interface SubscribeMessage {
  readonly touser: string;
  readonly templateId: string;
  /** The mini-program page the message opens, e.g. `pages/vote/vote?ballotId=…`. */
  readonly page: string;
  /** The template's fields by key (`thing1`, `time2`…), each a value WeChat shows. */
  readonly data: Readonly<Record<string, string>>;
}

/** Sends subscription messages, or throws a {@link WechatSubscribeError}. */
export interface WechatMessenger {
  send(message: SubscribeMessage): Promise<void>;
}

export interface WechatSubscribeConfig {
  readonly appId: string;
  readonly secret: string;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  /** `formal` (the released mini-program), `trial` or `developer`: which build the message opens. */
  readonly state?: 'formal' | 'trial' | 'developer';
  /** The clock of the token's expiry (tests); `Date.now` by default. */
  readonly nowMs?: () => number;
}

/** Codes meaning the access token is no longer good: fetch a new one and try once more. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
/** Codes meaning this person will not get this message. */
const REFUSED = new Set([43101, 40003]);
/** Codes meaning the template or its data is wrong (our configuration). */
const REJECTED = new Set([40037, 47003, 41028, 41029, 41030]);
/** Refreshed this long before WeChat says the token expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** Reads a WeChat answer: JSON whatever its content type says. */
async function answerOf(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new WechatSubscribeError('unavailable', `WeChat answered HTTP ${response.status}.`);
  try {
    return (JSON.parse(text) ?? {}) as Record<string, unknown>;
  } catch {
    throw new WechatSubscribeError('unavailable', 'WeChat answered something that is not JSON.');
  }
}

const errcodeOf = (answer: Record<string, unknown>) =>
  typeof answer.errcode === 'number' ? answer.errcode : 0;

/** The real client over HTTPS (Node's `fetch`), with its access-token cache. */
export function createWechatMessenger(config: WechatSubscribeConfig, log: Log): WechatMessenger {
  const base = (config.baseUrl ?? WECHAT_API_BASE).replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? 5000;
  const nowMs = config.nowMs ?? Date.now;
  let cached: { token: string; refreshAtMs: number } | null = null;
  let fetching: Promise<string> | null = null;

  const call = async (url: URL, init: RequestInit = {}) => {
    try {
      return await answerOf(await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }));
    } catch (error) {
      if (error instanceof WechatSubscribeError) throw error;
      log.warn({ err: (error as Error).name }, 'WeChat did not answer');
      throw new WechatSubscribeError('unavailable', 'WeChat did not answer.');
    }
  };

  const fetchToken = async (): Promise<string> => {
    const url = new URL(`${base}/cgi-bin/token`);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', config.appId);
    url.searchParams.set('secret', config.secret);
    const answer = await call(url);
    const errcode = errcodeOf(answer);
    if (errcode !== 0 || typeof answer.access_token !== 'string' || answer.access_token === '') {
      log.warn({ errcode }, 'WeChat refused an access token');
      throw new WechatSubscribeError(
        'unavailable',
        `WeChat gave no access token (errcode ${errcode}).`,
        errcode,
      );
    }
    const lifetimeMs = (typeof answer.expires_in === 'number' ? answer.expires_in : 7200) * 1000;
    cached = { token: answer.access_token, refreshAtMs: nowMs() + Math.max(0, lifetimeMs - TOKEN_MARGIN_MS) };
    return answer.access_token;
  };

  /** The cached token while it is good; else one fetch, shared by every caller waiting for it. */
  const token = async (): Promise<string> => {
    if (cached !== null && nowMs() < cached.refreshAtMs) return cached.token;
    fetching ??= fetchToken().finally(() => (fetching = null));
    return fetching;
  };

  const sendOnce = async (message: SubscribeMessage, accessToken: string) => {
    const url = new URL(`${base}/cgi-bin/message/subscribe/send`);
    url.searchParams.set('access_token', accessToken);
    return call(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: message.touser,
        template_id: message.templateId,
        page: message.page,
        data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }])),
        miniprogram_state: config.state ?? 'formal',
        lang: 'zh_CN',
      }),
    });
  };

  return {
    async send(message) {
      let used = await token();
      let errcode = errcodeOf(await sendOnce(message, used));
      if (STALE_TOKEN.has(errcode)) {
        if (cached?.token === used) cached = null;
        used = await token();
        errcode = errcodeOf(await sendOnce(message, used));
      }
      if (errcode === 0) return;
      if (REFUSED.has(errcode)) {
        throw new WechatSubscribeError(
          'refused',
          'WeChat will not deliver this message to this person.',
          errcode,
        );
      }
      log.warn({ errcode }, 'WeChat refused a subscription message');
      if (REJECTED.has(errcode)) {
        throw new WechatSubscribeError(
          'rejected',
          `WeChat rejected the template or its data (errcode ${errcode}).`,
          errcode,
        );
      }
      throw new WechatSubscribeError(
        'unavailable',
        `WeChat did not send the message (errcode ${errcode}).`,
        errcode,
      );
    },
  };
}

/** For a deployment without WeChat credentials: every send is `unavailable`. */
export const WECHAT_MESSENGER_NOT_CONFIGURED: WechatMessenger = {
  async send() {
    throw new WechatSubscribeError('unavailable', 'WECHAT_APPID and WECHAT_SECRET are not set.');
  },
};
