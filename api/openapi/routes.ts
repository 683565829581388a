import type Router from '@koa/router';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { validate } from '../middleware/validate.js';
import { createRouter } from '../router.js';
import { named } from './registry.js';

/** Where the document is served (public). */
export const OPENAPI_PATH = '/api/v1/openapi.json';
/** Where the interactive reference is served (public). */
export const DOCS_PATH = '/api/docs';

/** `GET /api/v1/openapi.json`: the document, in outline (its parts are OpenAPI's own). */
export const OpenApiDocumentView = named(
  'OpenApiDocument',
  z.looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.looseObject({}),
  }),
);

/**
 * `GET /api/v1/openapi.json` (public): the OpenAPI 3.1 document of every route, built once on first
 * asking by `document` and kept (the routes do not change while the app runs).
 */
export function openApiRoutes(document: () => unknown): Router {
  const router = createRouter();
  let text: string | undefined;
  router.get(
    OPENAPI_PATH,
    validate(
      {
        summary: 'This OpenAPI 3.1 document (public)',
        responses: { 200: OpenApiDocumentView },
        errors: [],
      },
      async (ctx) => {
        text ??= JSON.stringify(document());
        ctx.type = 'application/json';
        ctx.set('Cache-Control', 'no-cache');
        ctx.body = text;
      },
    ),
  );
  return router;
}

/** Swagger UI's prebuilt files, from the `swagger-ui-dist` package installed with the app. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * The page's own start-up script: Swagger UI on the document beside it. Paths are relative to the
 * page (`/api/docs` → `/api/v1/openapi.json`), so the page works behind a proxy that adds a prefix.
 * No online validator: nothing leaves for another host.
 */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: 'v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>加梯 API 参考 · Jiati API reference</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js"></script>
    <script src="docs/init.js"></script>
  </body>
</html>
`;

/** The files the page loads, by name under `/api/docs/`: Swagger UI's two, and the start-up script. */
const ASSETS: Readonly<Record<string, { type: string; load: () => Promise<Buffer | string> }>> = {
  'swagger-ui.css': { type: 'text/css', load: () => readFile(join(SWAGGER_UI_DIR, 'swagger-ui.css')) },
  'swagger-ui-bundle.js': {
    type: 'application/javascript',
    load: () => readFile(join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js')),
  },
  'init.js': { type: 'application/javascript', load: async () => INIT_SCRIPT },
};

/**
 * The page may load only what this server serves: its scripts, styles and images, and the document.
 * Swagger UI styles some elements inline and draws icons as `data:` images.
 */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `GET /api/docs` (public): the interactive reference, Swagger UI (`swagger-ui-dist`) served from this
 * server — no CDN — reading `/api/v1/openapi.json`. Its files are read once, on first asking.
 */
export function docsRoutes(): Router {
  const router = createRouter();
  const loaded = new Map<string, Buffer | string>();
  router.get(DOCS_PATH, (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', PAGE_POLICY);
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = PAGE;
  });
  for (const [name, asset] of Object.entries(ASSETS)) {
    router.get(`${DOCS_PATH}/${name}`, async (ctx) => {
      let body = loaded.get(name);
      if (body === undefined) {
        body = await asset.load();
        loaded.set(name, body);
      }
      ctx.type = asset.type;
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.body = body;
    });
  }
  return router;
}
