import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';

/** Where setup builds the console (`scripts/build-console.sh`: `console/` → `console/dist/`). */
export const CONSOLE_DIST = fileURLToPath(new URL('../console/dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
};

/**
 * What the console's page may load: its own bundled files and the API on the same origin, nothing from
 * anywhere else (everything is bundled; no CDN). Inline styles are TDesign's positioning; data: images
 * its icons and the empty favicon. It is not framed.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface StaticFile {
  readonly type: string;
  readonly body: Buffer;
  /** A file whose name carries its content's hash (Vite's `assets/`): cached for good. */
  readonly immutable: boolean;
}

/** Every file of the built console by its URL path, read once: `/console/assets/index-1a2b.js` → bytes. */
function readBuild(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (folder: string, prefix: string) => {
    for (const name of readdirSync(folder)) {
      if (name.startsWith('.')) continue;
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else {
        const type = TYPES[path.extname(name)];
        if (type === undefined) continue;
        files.set(`${prefix}${name}`, {
          type,
          body: readFileSync(full),
          immutable: prefix.startsWith('/console/assets/'),
        });
      }
    }
  };
  walk(dir, '/console/');
  return files;
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>加梯 · 居委会工作台</title>
<p>工作台还没有构建。请在服务器上运行 <code>npm run setup</code>，再重新启动。</p></html>`;

/**
 * The residents'-committee console at `/console/`: the single page and its bundled files, as setup
 * built them into `dir` (read once, at start: a later build is served from the next start). Public
 * like the demo page — the page itself holds no data; everything it shows it asks of `/api/v1` with
 * the person's own token. Only the files of the build answer, from a fixed list; any other path
 * under `/console/` is a 404, never a look at the disk. Not built: `/console/` says how to build it
 * (503).
 */
export function consoleRoutes(dir: string = CONSOLE_DIST): { router: Router; built: boolean } {
  const router = new Router({ strict: true, sensitive: true });
  let files = new Map<string, StaticFile>();
  try {
    files = readBuild(dir);
  } catch {
    // Not built: the page below says so.
  }
  const built = files.has('/console/index.html');

  router.get('/console', (ctx) => {
    ctx.redirect('/console/');
  });
  router.get('/console/', (ctx) => {
    ctx.set('Content-Security-Policy', CONSOLE_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    const index = files.get('/console/index.html');
    if (index === undefined) {
      ctx.status = 503;
      ctx.body = NOT_BUILT;
    } else ctx.body = index.body;
  });
  for (const [urlPath, file] of files) {
    if (urlPath === '/console/index.html') continue;
    router.get(urlPath, (ctx) => {
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.type = file.type;
      ctx.body = file.body;
    });
  }
  // Anything else at the page's address, or under it: answered here, never passed on to the bearer guard.
  router.all('/console/', (ctx) => {
    ctx.status = 405;
    ctx.set('Allow', 'GET, HEAD');
  });
  router.all('/console/*rest', (ctx) => {
    ctx.status = 404;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = '没有这个页面。';
  });
  return { router, built };
}
