/**
 * The console's files as the app serves them (`api/console.ts`), in front of the bearer guard like
 * the demo page: the page with a policy that lets it load nothing from another origin, the built
 * files from the list read at start (hashed ones cached for good), a 404 for any other path under
 * `/console/` — never the guard's 401, never a look at the disk — and, with no build, a page that says
 * how to make one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../../api/app.js';
import { consoleRoutes } from '../../api/console.js';
import { createLogger } from '../../lib/log.js';

const ADMIN_TOKEN = 'console-test-admin-token-0123';
let dist: string;
const servers: Server[] = [];

/** The app with the console of `dir` mounted as `system.ts` mounts it; its base URL. */
async function serve(dir: string): Promise<string> {
  const app = createApp({
    log: createLogger({ level: 'silent' }),
    adminToken: ADMIN_TOKEN,
    health: { db: () => ({ state: 'up', healthy: true }) },
    publicRouters: [consoleRoutes(dir).router],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

beforeAll(() => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'jiati-console-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>工作台</title>');
  writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'assets', 'index-AbC123.css'), 'body{}');
  writeFileSync(path.join(dist, '.stamp'), 'stamp');
  writeFileSync(path.join(dist, 'notes.md'), '# not a type the console serves');
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dist, { recursive: true, force: true });
});

describe('GET /console/', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve(dist);
  });

  it('serves the page without a token, with a policy that allows only the app’s own origin', async () => {
    const response = await fetch(`${url}/console/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('工作台');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('redirects /console to /console/', async () => {
    const response = await fetch(`${url}/console`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/console/');
  });

  it('serves the built files by type, the hashed ones cached for good', async () => {
    const script = await fetch(`${url}/console/assets/index-AbC123.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log(1)');
    const style = await fetch(`${url}/console/assets/index-AbC123.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for any other path under /console/: no stamp, no other file, no way out of the folder', async () => {
    for (const wrong of [
      '/console/.stamp',
      '/console/notes.md',
      '/console/index.html',
      '/console/assets/missing.js',
      '/console/assets/..%2f..%2fpackage.json',
      '/console/assets/index-abc123.js',
    ]) {
      const response = await fetch(`${url}${wrong}`);
      expect({ wrong, status: response.status }).toEqual({ wrong, status: 404 });
    }
  });

  it('takes no other method than GET and HEAD', async () => {
    expect((await fetch(`${url}/console/`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${url}/console/`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${url}/console/assets/index-AbC123.js`, { method: 'DELETE' })).status).toBe(404);
  });

  it('leaves everything else behind the bearer guard', async () => {
    expect((await fetch(`${url}/consoles/`)).status).toBe(401);
    expect((await fetch(`${url}/api/v1/me`)).status).toBe(401);
  });
});

describe('GET /console/ before the console was built', () => {
  it('says to run setup (503), and serves nothing else', async () => {
    const routes = consoleRoutes(path.join(dist, 'no-such-build'));
    expect(routes.built).toBe(false);
    const url = await serve(path.join(dist, 'no-such-build'));
    const response = await fetch(`${url}/console/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run setup');
    expect((await fetch(`${url}/console/assets/index-AbC123.js`)).status).toBe(404);
  });
});
