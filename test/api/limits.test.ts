/**
 * Bounded work for one caller: a body over 1 MB is a 413 with a stable code and nothing logged at
 * error; a body that is not what its encoding says is a 400, a wrong method a 405; requests are
 * limited per address and per token; an address that fails
 * authentication too often is locked out for 15 minutes, even with the right token. Over real HTTP.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../lib/log.js';
import { expectError } from '../support/api-helpers.js';
import { ADMIN_TOKEN, startTestApi, type Json, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';

const apis: TestApi[] = [];
afterEach(async () => {
  while (apis.length > 0) await apis.pop()!.close();
});

async function start(env: Record<string, string>, lines: string[] = []): Promise<TestApi> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const api = await startTestApi({ env, log: createLogger({ level: 'info' }, sink) });
  apis.push(api);
  return api;
}

/** A request as if from `address` (the app trusts `X-Forwarded-For` here). */
async function from(api: TestApi, address: string, path: string, token: string | null = ADMIN_TOKEN) {
  const response = await fetch(`${api.url}${path}`, {
    headers: { 'x-forwarded-for': address, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
  });
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

describe('request bodies', () => {
  it('answers a body over 1 MB with 413 payload_too_large, stores nothing and logs no error', async () => {
    const lines: string[] = [];
    const api = await start({}, lines);
    const before = await storedRecords(api.system.models);
    const reply = await api.request('POST', '/api/v1/units', undefined, {
      raw: JSON.stringify({ name: 'x'.repeat(1_100_000), flats: [] }),
    });
    expectError(reply, 413, 'payload_too_large', /1 MB/);
    expect(await storedRecords(api.system.models)).toEqual(before);
    expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });

  it('still reads a body just under the limit', async () => {
    const api = await start({});
    const reply = await api.request('POST', '/api/v1/units', undefined, {
      raw: JSON.stringify({ name: 'x'.repeat(1_000_000), flats: [] }),
    });
    expectError(reply, 400, 'validation_error');
  });
});

describe('bodies and methods the API cannot take', () => {
  const send = (api: TestApi, method: string, path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, {
      method,
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers as Record<string, string>) },
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Json,
      headers: response.headers,
    }));

  it.each(['gzip', 'deflate'])(
    'answers a body that is not the %s its Content-Encoding says with 400 invalid_json, storing nothing and logging no error',
    async (encoding) => {
      const lines: string[] = [];
      const api = await start({}, lines);
      const before = await storedRecords(api.system.models);
      const reply = await send(api, 'POST', '/api/v1/units', {
        body: JSON.stringify({ name: 'x', flats: [] }),
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      });
      expectError({ ...reply }, 400, 'invalid_json', /压缩方式/);
      expect(await storedRecords(api.system.models)).toEqual(before);
      expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
    },
  );

  it('answers a method a path does not take with 405 method_not_allowed, naming the allowed ones', async () => {
    const api = await start({});
    const reply = await send(api, 'PUT', '/api/v1/units/u_aaaaaaaaaaaaaaaa/agreement');
    expectError(reply, 405, 'method_not_allowed', /不接受 PUT 请求，只接受 POST/);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(reply.body.details).toEqual({ method: 'PUT', allowed: ['POST'] });
  });

  it('answers a method no route knows with 405, never 501', async () => {
    const api = await start({});
    expectError(await send(api, 'PROPFIND', '/api/v1/units'), 405, 'method_not_allowed');
  });
});

describe('rate limits', () => {
  it('refuses an address past its requests per minute with 429 and Retry-After, other addresses unaffected', async () => {
    const api = await start({ JIATI_TRUST_PROXY: '1', JIATI_RATE_ADDRESS_PER_MINUTE: '5' });
    for (let i = 0; i < 5; i++) expect((await from(api, '10.0.0.1', '/healthz')).status).toBe(200);
    const refused = await from(api, '10.0.0.1', '/api/v1/units/u_x');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ ok: false, error: 'rate_limited', details: { reason: 'requests' } });
    expect(refused.body.message).toMatch(/请求太频繁/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await from(api, '10.0.0.2', '/healthz')).status).toBe(200);
  });

  it('refuses a token past its requests per minute, wherever it comes from', async () => {
    const api = await start({ JIATI_TRUST_PROXY: '1', JIATI_RATE_TOKEN_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++)
      expect((await from(api, `10.0.1.${i}`, '/api/v1/units/u_x')).status).toBe(404);
    expect((await from(api, '10.0.1.9', '/api/v1/units/u_x')).status).toBe(429);
  });

  it('locks an address out after too many failed authentications, even with the right token', async () => {
    const lines: string[] = [];
    const api = await start({ JIATI_TRUST_PROXY: '1', JIATI_AUTH_FAILURES_PER_ADDRESS: '3' }, lines);
    for (let i = 0; i < 4; i++) {
      expect((await from(api, '10.0.2.1', '/api/v1/units/u_x', `guess-${i}-0123456789`)).status).toBe(401);
    }
    const locked = await from(api, '10.0.2.1', '/api/v1/units/u_x');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      error: 'rate_limited',
      details: { reason: 'failed_authentication' },
    });
    expect(locked.body.message).toMatch(/登录失败次数太多/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    // Another address, and the same one's neighbours, are not locked.
    expect((await from(api, '10.0.2.2', '/api/v1/units/u_x')).status).toBe(404);
    expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
    expect(lines.join('\n')).not.toContain('guess-');
  });
});
