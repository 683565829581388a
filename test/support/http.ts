/**
 * The real system for API tests: `startSystem` on port 0 against the shared test database server (a
 * fresh database per call), no bot, no scheduler, a {@link FixedClock} the test moves, and a small
 * JSON client over Node's global fetch.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../lib/clock.js';
import { loadConfig } from '../../lib/config.js';
import type { Log } from '../../lib/log.js';
import { startSystem, type System } from '../../system.js';
import { testServerUri, uniqueDbName } from './db.js';

/** The administrator token of the test systems (≥ 16 characters). */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A Monday, 10:00 in Hangzhou. */
export const T0 = '2025-03-03T02:00:00.000Z';

/**
 * A parsed JSON body as tests read it: loosely typed on purpose, since a test asserts its shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** One response: status and parsed JSON body (a file — a PDF, an `.xlsx` — comes as `bytes` instead). */
export interface Reply<T = Json> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
  /** The body's bytes, when it is not JSON. */
  readonly bytes?: Buffer;
}

export interface TestApi {
  readonly system: System;
  readonly clock: FixedClock;
  readonly url: string;
  /** Sends a JSON request with the admin token (or `token`, or none when `token: null`). */
  request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; raw?: string },
  ): Promise<Reply<T>>;
  get<T = Json>(path: string, options?: { token?: string | null }): Promise<Reply<T>>;
  post<T = Json>(path: string, body?: unknown, options?: { token?: string | null }): Promise<Reply<T>>;
  /** Drops the test database and stops the system. */
  close(): Promise<void>;
}

/** Starts the real system on a fresh database of the shared test server. */
export async function startTestApi(
  options: { now?: string; log?: Log; env?: Record<string, string> } = {},
): Promise<TestApi> {
  const clock = new FixedClock(options.now ?? T0);
  const config = loadConfig({
    MONGODB_URI: testServerUri(),
    JIATI_DB_NAME: uniqueDbName('api'),
    // Its own data folder (documents' files): never the checkout's ./data.
    JIATI_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'jiati-api-')),
    JIATI_BOT: '0',
    LOG_LEVEL: 'silent',
    JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
    PORT: '0',
    // Limits are tested on their own (test/api/limits.test.ts); here they would only slow tests down.
    JIATI_RATE_ADDRESS_PER_MINUTE: '0',
    JIATI_RATE_TOKEN_PER_MINUTE: '0',
    JIATI_AUTH_FAILURES_PER_ADDRESS: '0',
    ...options.env,
  });
  const system = await startSystem(config, {
    clock,
    scheduler: false,
    ...(options.log ? { log: options.log } : {}),
  });
  const request: TestApi['request'] = async (method, path, body, opts = {}) => {
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${system.url}${path}`, { method, headers, body: payload });
    const type = response.headers.get('content-type') ?? '';
    if (type !== '' && !type.startsWith('application/json')) {
      const bytes = Buffer.from(await response.arrayBuffer());
      return { status: response.status, body: undefined as Json, headers: response.headers, bytes };
    }
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? undefined : JSON.parse(text)) as Json,
      headers: response.headers,
    };
  };
  return {
    system,
    clock,
    url: system.url,
    request,
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body ?? {}, opts),
    async close() {
      await system.connection.dropDatabase().catch(() => undefined);
      await system.stop();
    },
  };
}
