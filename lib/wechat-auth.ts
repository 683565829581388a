/**
 * The mini-program's sign-in with WeChat (`wx.login` → `code2Session`), behind an interface so the
 * API never depends on WeChat being reachable: the real client below asks WeChat's HTTPS API; tests
 * run it against a local stand-in that follows the same documented contract
 * (`GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code` → JSON with `openid`,
 * `session_key`, optional `unionid`, or `errcode`/`errmsg`).
 */
import type { Log } from './log.js';

/**
 * Why an exchange failed: WeChat refused the user's code (`code_refused`: wrong, used, expired), or
 * WeChat could not be asked or would not answer (`unavailable`).
 */
export class WechatAuthError extends Error {
  override readonly name = 'WechatAuthError';
  constructor(
    readonly reason: 'code_refused' | 'unavailable',
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

/** Who a `wx.login` code signs in: the user's id in this mini-program (and across the platform). */
export interface WechatIdentity {
  readonly openid: string;
  readonly unionid?: string;
}

/** Exchanges a `wx.login` code for the user's identity, or throws a {@link WechatAuthError}. */
export interface WechatAuth {
  code2Session(code: string): Promise<WechatIdentity>;
}

/** What the real client needs: the mini-program's credentials and where WeChat's API is. */
export interface WechatAuthConfig {
  readonly appId: string;
  readonly secret: string;
  /** `https://api.weixin.qq.com` unless pointed elsewhere (a stand-in, a proxy). */
  readonly baseUrl?: string;
  /** How long one exchange may take before it is given up (default 5 s). */
  readonly timeoutMs?: number;
}

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

/** WeChat's answer codes that mean the user's code itself is bad (wrong, used, expired). */
const CODE_REFUSED = new Set([40029, 40163]);

const unavailable = (why: string, errcode?: number) =>
  new WechatAuthError('unavailable', `WeChat sign-in failed: ${why}.`, errcode);

/**
 * The real `code2Session` client over HTTPS (Node's `fetch`). A code WeChat refuses (40029 invalid,
 * 40163 already used) is `code_refused`; anything else — busy (-1), rate-limited (45011), a
 * blocked user (40226), wrong credentials (40013, 40125), no answer in time, an answer that is not
 * the documented JSON — is `unavailable`, logged with WeChat's code (never the user's code,
 * the secret or the session key, which is thrown away: the API keeps its own session).
 */
export function createWechatAuth(config: WechatAuthConfig, log: Log): WechatAuth {
  const base = (config.baseUrl ?? WECHAT_API_BASE).replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? 5000;
  return {
    async code2Session(code) {
      const url = new URL(`${base}/sns/jscode2session`);
      url.searchParams.set('appid', config.appId);
      url.searchParams.set('secret', config.secret);
      url.searchParams.set('js_code', code);
      url.searchParams.set('grant_type', 'authorization_code');
      let body: unknown;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        // WeChat may label its JSON text/plain: read the text and parse it whatever the header says.
        const text = await response.text();
        if (!response.ok) throw unavailable(`HTTP ${response.status}`);
        body = JSON.parse(text);
      } catch (error) {
        if (error instanceof WechatAuthError) throw error;
        log.warn({ err: (error as Error).name }, 'WeChat code2Session did not answer');
        throw unavailable('no answer');
      }
      const answer = (body ?? {}) as { openid?: unknown; unionid?: unknown; errcode?: unknown };
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
      if (errcode !== 0) {
        if (CODE_REFUSED.has(errcode)) {
          throw new WechatAuthError('code_refused', 'WeChat refused the sign-in code.', errcode);
        }
        log.warn({ errcode }, 'WeChat code2Session refused');
        throw unavailable(`errcode ${errcode}`, errcode);
      }
      if (typeof answer.openid !== 'string' || answer.openid === '') throw unavailable('no openid');
      return {
        openid: answer.openid,
        ...(typeof answer.unionid === 'string' && answer.unionid !== '' ? { unionid: answer.unionid } : {}),
      };
    },
  };
}

/** The stand-in for an unconfigured deployment: every exchange is `unavailable`. */
export const WECHAT_AUTH_NOT_CONFIGURED: WechatAuth = {
  async code2Session() {
    throw unavailable('WECHAT_APPID and WECHAT_SECRET are not set');
  },
};
