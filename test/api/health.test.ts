/**
 * `/healthz` and the database gate as a spec, on the real Koa app over HTTP with stand-in parts: each
 * part's health is a small function, the database's availability a flag the test flips.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Router from '@koa/router';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app.js';
import type { PartHealth } from '../../api/routes/health/routes.js';
import { createLogger } from '../../lib/log.js';
import { ADMIN_TOKEN } from '../support/http.js';

const lines: string[] = [];
const parts: Record<string, PartHealth> = {
  db: { state: 'up', healthy: true, details: { restarts: 0 } },
  scheduler: { state: 'running', healthy: true },
  bot: { state: 'disabled', healthy: true },
};
let available = true;
let hang = false;
let server: Server;
let url: string;

beforeAll(async () => {
  const api = new Router();
  api.get('/units/u1', (ctx) => {
    ctx.body = { id: 'u1' };
  });
  api.get('/calendar/period-end', (ctx) => {
    ctx.body = { endsOn: '2025-03-13' };
  });
  // What the driver throws when a request got in just before the outage was known.
  api.post('/units', () => {
    throw Object.assign(new Error('Server selection timed out after 10000 ms'), {
      name: 'MongoServerSelectionError',
    });
  });
  const app = createApp({
    log: createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(line) }),
    adminToken: ADMIN_TOKEN,
    health: {
      db: () => parts.db!,
      scheduler: () => parts.scheduler!,
      bot: async () => (hang ? new Promise<PartHealth>(() => undefined) : parts.bot!),
    },
    database: { available: () => available },
    apiRouters: [api],
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (path: string, method = 'GET') => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
};

describe('GET /healthz', () => {
  it('answers 200 with every part named when all are healthy', async () => {
    const reply = await get('/healthz');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body).toEqual({
      status: 'ok',
      failing: [],
      db: 'up',
      scheduler: 'running',
      bot: 'disabled',
      parts: {
        db: { state: 'up', healthy: true, details: { restarts: 0 } },
        scheduler: { state: 'running', healthy: true },
        bot: { state: 'disabled', healthy: true },
      },
    });
  });

  it('answers 503 naming each unhealthy part, even when the database is up', async () => {
    parts.scheduler = {
      state: 'stalled',
      healthy: false,
      details: { lastPollAt: '2025-03-03T02:00:00.000Z' },
    };
    try {
      const reply = await get('/healthz');
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({
        status: 'degraded',
        failing: ['scheduler'],
        db: 'up',
        scheduler: 'stalled',
      });
    } finally {
      parts.scheduler = { state: 'running', healthy: true };
    }
  });

  it('reports a part that does not answer in 2.5 s as not_answering, and the rest as they are', async () => {
    hang = true;
    try {
      const reply = await get('/healthz');
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({ failing: ['bot'], bot: 'not_answering', db: 'up' });
    } finally {
      hang = false;
    }
  });
});

describe('while the database is out', () => {
  it('answers a request that needs it at once with 503 database_unavailable, in Chinese, with Retry-After', async () => {
    available = false;
    try {
      const started = performance.now();
      const reply = await get('/api/v1/units/u1');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual({
        ok: false,
        error: 'database_unavailable',
        message: '数据库暂时不可用，请稍后再试。',
      });
      expect(reply.headers.get('retry-after')).toBe('5');
      // The pure calendar needs no database; /healthz is never gated.
      expect((await get('/api/v1/calendar/period-end')).status).toBe(200);
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      available = true;
    }
    expect((await get('/api/v1/units/u1')).status).toBe(200);
  });

  it('maps a driver error of a request already in flight to the same 503, logged at no error level', async () => {
    const before = lines.length;
    const reply = await get('/api/v1/units', 'POST');
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ error: 'database_unavailable' });
    expect(reply.headers.get('retry-after')).toBe('5');
    expect(lines.slice(before).filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual(
      [],
    );
  });
});
