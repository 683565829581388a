/**
 * A local stand-in for WeChat's server API as the project uses it, following its documented contract.
 *
 * Sign-in: `code2Session` (`GET /sns/jscode2session`), following its documented
 * contract so the real client (`lib/wechat-auth.ts`) is tested over real HTTP: the app id and secret
 * must match (else `errcode` 40013 / 40125), `grant_type` must be `authorization_code`, and a
 * `js_code` — which the stand-in's {@link WechatStandIn.login} hands out, as `wx.login()` would on a
 * phone — is valid once, for five minutes (else 40029, or 40163 when used already). A good answer
 * carries `openid`, `session_key` and, for users with a union id, `unionid`; like WeChat, it labels
 * its JSON `text/plain`. `busy` makes it answer `errcode: -1` (system busy).
 *
 * Subscription messages: `GET /cgi-bin/token` (`grant_type=client_credential`, the app id and secret;
 * `{ access_token, expires_in: 7200 }`, an earlier token staying good, as WeChat's stable behaviour
 * allows, until {@link WechatStandIn.expireTokens}), and `POST /cgi-bin/message/subscribe/send`: the
 * token must be one it gave and not expired (40001 / 42001), the template one the mini-program has
 * (40037) with exactly its keys and each value short enough for its kind (47003: `thing` ≤ 20
 * characters, `time` a date and time), and the person must have allowed it — each
 * {@link WechatStandIn.allow}, as a tap on 允许 in `wx.requestSubscribeMessage`, lets one message
 * through (else 43101).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STANDIN_APPID = 'wx0123456789abcdef';
export const STANDIN_SECRET = '0123456789abcdef0123456789abcdef';
const CODE_LIFETIME_MS = 5 * 60_000;

/** The templates the stand-in's mini-program has, by id: their keys, as chosen in WeChat's console. */
export const STANDIN_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  'tmpl-ballot-reminder': ['thing1', 'time2', 'thing3'],
  'tmpl-publicity-notice': ['thing1', 'time2', 'thing3'],
};

/** A subscription message the stand-in delivered. */
export interface DeliveredMessage {
  readonly touser: string;
  readonly templateId: string;
  readonly page: string;
  readonly data: Record<string, string>;
  readonly state: string;
}

export interface WechatStandIn {
  readonly url: string;
  /** A tap on 允许 for `templateId` in `wx.requestSubscribeMessage`: one more message may reach `openid`. */
  allow(openid: string, templateId: string): void;
  /** Every subscription message delivered, in order. */
  readonly delivered: DeliveredMessage[];
  /** How many access tokens it gave out. */
  readonly tokensIssued: number;
  /** Every token given so far expires now (42001 on its next use). */
  expireTokens(): void;
  /** What `wx.login()` gives a user's phone: a fresh code for `openid`. */
  login(openid: string, unionid?: string): string;
  /** Every query it was asked, in order (to check what the client sends). */
  readonly requests: URLSearchParams[];
  busy: boolean;
  close(): Promise<void>;
}

export async function startWechatStandIn(): Promise<WechatStandIn> {
  const codes = new Map<string, { openid: string; unionid?: string; issuedAt: number; used: boolean }>();
  const requests: URLSearchParams[] = [];
  const state = { busy: false, tokensIssued: 0 };
  const tokens = new Map<string, { expired: boolean }>();
  const allowed = new Map<string, number>();
  const delivered: DeliveredMessage[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const answer = (body: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      const query = url.searchParams;
      if (state.busy) return answer({ errcode: -1, errmsg: 'system error' });
      if (query.get('grant_type') !== 'client_credential')
        return answer({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (query.get('appid') !== STANDIN_APPID) return answer({ errcode: 40013, errmsg: 'invalid appid' });
      if (query.get('secret') !== STANDIN_SECRET)
        return answer({ errcode: 40125, errmsg: 'invalid appsecret' });
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, { expired: false });
      state.tokensIssued += 1;
      return answer({ access_token: token, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const token = tokens.get(url.searchParams.get('access_token') ?? '');
        if (token === undefined) return answer({ errcode: 40001, errmsg: 'invalid credential' });
        if (token.expired) return answer({ errcode: 42001, errmsg: 'access_token expired' });
        if (state.busy) return answer({ errcode: -1, errmsg: 'system error' });
        let body: {
          touser?: unknown;
          template_id?: unknown;
          page?: unknown;
          data?: unknown;
          miniprogram_state?: unknown;
        };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          return answer({ errcode: 47001, errmsg: 'data format error' });
        }
        const keys = typeof body.template_id === 'string' ? STANDIN_TEMPLATES[body.template_id] : undefined;
        if (keys === undefined) return answer({ errcode: 40037, errmsg: 'invalid template_id' });
        const data = (body.data ?? {}) as Record<string, { value?: unknown }>;
        const values: Record<string, string> = {};
        for (const key of keys) {
          const value = data[key]?.value;
          if (typeof value !== 'string' || value === '')
            return answer({ errcode: 47003, errmsg: `argument invalid! data.${key}.value empty` });
          if (key.startsWith('thing') && [...value].length > 20)
            return answer({ errcode: 47003, errmsg: `argument invalid! data.${key}.value too long` });
          if (key.startsWith('time') && !/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(value))
            return answer({ errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` });
          values[key] = value;
        }
        if (Object.keys(data).some((key) => !keys.includes(key)))
          return answer({ errcode: 47003, errmsg: 'argument invalid! unknown key' });
        const touser = typeof body.touser === 'string' ? body.touser : '';
        const quota = allowed.get(`${touser}|${body.template_id as string}`) ?? 0;
        if (quota <= 0) return answer({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
        allowed.set(`${touser}|${body.template_id as string}`, quota - 1);
        delivered.push({
          touser,
          templateId: body.template_id as string,
          page: typeof body.page === 'string' ? body.page : '',
          data: values,
          state: typeof body.miniprogram_state === 'string' ? body.miniprogram_state : 'formal',
        });
        return answer({ errcode: 0, errmsg: 'ok' });
      });
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end();
      return;
    }
    const query = url.searchParams;
    requests.push(query);
    if (state.busy) return answer({ errcode: -1, errmsg: 'system error' });
    if (query.get('appid') !== STANDIN_APPID) return answer({ errcode: 40013, errmsg: 'invalid appid' });
    if (query.get('secret') !== STANDIN_SECRET)
      return answer({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (query.get('grant_type') !== 'authorization_code') {
      return answer({ errcode: 40002, errmsg: 'invalid grant_type' });
    }
    const code = codes.get(query.get('js_code') ?? '');
    if (code === undefined || Date.now() - code.issuedAt > CODE_LIFETIME_MS) {
      return answer({ errcode: 40029, errmsg: 'invalid code' });
    }
    if (code.used) return answer({ errcode: 40163, errmsg: 'code been used' });
    code.used = true;
    return answer({
      openid: code.openid,
      session_key: randomBytes(16).toString('base64'),
      ...(code.unionid === undefined ? {} : { unionid: code.unionid }),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    get tokensIssued() {
      return state.tokensIssued;
    },
    allow(openid, templateId) {
      const key = `${openid}|${templateId}`;
      allowed.set(key, (allowed.get(key) ?? 0) + 1);
    },
    expireTokens() {
      for (const token of tokens.values()) token.expired = true;
    },
    get busy() {
      return state.busy;
    },
    set busy(value: boolean) {
      state.busy = value;
    },
    login(openid, unionid) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        openid,
        ...(unionid === undefined ? {} : { unionid }),
        issuedAt: Date.now(),
        used: false,
      });
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
