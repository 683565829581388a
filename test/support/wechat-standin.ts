/**
 * A local stand-in for WeChat's `code2Session` (`GET /sns/jscode2session`), following its documented
 * contract so the real client (`lib/wechat-auth.ts`) is tested over real HTTP: the app id and secret
 * must match (else `errcode` 40013 / 40125), `grant_type` must be `authorization_code`, and a
 * `js_code` — which the stand-in's {@link WechatStandIn.login} hands out, as `wx.login()` would on a
 * phone — is valid once, for five minutes (else 40029, or 40163 when used already). A good answer
 * carries `openid`, `session_key` and, for users with a union id, `unionid`; like WeChat, it labels
 * its JSON `text/plain`. `busy` makes it answer `errcode: -1` (system busy).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STANDIN_APPID = 'wx0123456789abcdef';
export const STANDIN_SECRET = '0123456789abcdef0123456789abcdef';
const CODE_LIFETIME_MS = 5 * 60_000;

export interface WechatStandIn {
  readonly url: string;
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
  const state = { busy: false };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const answer = (body: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(JSON.stringify(body));
    };
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
