import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { mock } from 'wechaty-puppet-mock';
import { z } from 'zod';
import { validate } from '../api/middleware/validate.js';
import type { CommandContext } from '../commands/kernel/context.js';
import { DomainError } from '../domain/errors.js';
import { readDemoMessages } from './models/demo-message.js';
import type { DemoModels } from './models/index.js';
import { readDemoState } from './models/demo-state.js';
import { readDemoView } from './state.js';
import { speakAs } from './wechat.js';

/** `POST /demo/api/say`: speak as a demo person, in the unit group or privately to the bot. */
export const DemoSayBody = z.object({
  as: z.string().trim().min(1).max(100),
  to: z.enum(['group', 'bot']),
  text: z.string().trim().min(1).max(500),
});

/** `GET /demo/api/messages?after=<seq>`: the transcript after a seq (0 or absent: from the start). */
export const DemoMessagesQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
});

/** One transcript line as the page reads it. */
export interface DemoMessageView {
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly at: string;
}

/** Lines per `messages` call: the page asks again with the last seq it got. */
const PAGE = 500;

/** The page's static files, by URL path: a fixed list, so no path from the request touches the disk. */
const STATIC: Readonly<Record<string, { file: string; type: string }>> = {
  '/demo/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/demo/demo.js': { file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  '/demo/demo.css': { file: 'demo.css', type: 'text/css; charset=utf-8' },
};
const WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url));

/** What the demo routes need from the running system. */
export interface DemoRouteDeps {
  readonly commands: CommandContext;
  readonly mocker: mock.Mocker;
  readonly models: DemoModels;
}

/**
 * The public demo (`npm run demo`): the `/demo/` page and its three endpoints, mounted by
 * `system.ts` only when `JIATI_DEMO=1`, outside the `/api/**` bearer guard — anyone who opens the
 * page may speak as any fictional resident. `say` does not touch the case: it makes the mock contact
 * speak through the mock puppet, so the message takes the real bot path (inbox → parse → command →
 * outbox → Wechaty), and the page sees the answer in the transcript like everything else. Errors are
 * the API's: 400 `validation_error` naming the field, 404 `not_found` for a contact who is no demo
 * person.
 */
export function demoRoutes(deps: DemoRouteDeps): Router {
  // Strict: `/demo` (redirected) and `/demo/` (the page) are two routes, not one.
  const router = new Router({ strict: true });
  const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '16kb', encoding: 'utf-8' });

  router.get('/demo', (ctx) => {
    ctx.redirect('/demo/');
  });
  for (const [path, { file, type }] of Object.entries(STATIC)) {
    router.get(path, async (ctx) => {
      ctx.type = type;
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = await readFile(`${WEB_DIR}${file}`);
    });
  }

  router.get('/demo/api/state', async (ctx) => {
    const view = await readDemoView(deps.commands, deps.models);
    if (view === null) throw new DomainError('not_found', 'The demo has not been seeded.');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = view;
  });

  router.post(
    '/demo/api/say',
    parseJson,
    validate({ body: DemoSayBody }, async (ctx, { body }) => {
      const demo = await readDemoState(deps.models.demoState);
      if (demo === null || !demo.people.some((person) => person.contactId === body.as)) {
        throw new DomainError('not_found', `as: no demo person has contact id ${body.as}.`, { field: 'as' });
      }
      speakAs(deps.mocker, body.as, body.to, body.text);
      ctx.status = 202;
      ctx.body = { ok: true };
    }),
  );

  router.get(
    '/demo/api/messages',
    validate({ query: DemoMessagesQuery }, async (ctx, { query }) => {
      const lines = await readDemoMessages(deps.models.demoMessages, query.after, PAGE);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = lines.map((line): DemoMessageView => ({
        seq: line._id,
        from: line.from,
        to: line.to,
        text: line.text,
        at: new Date(line.at).toISOString(),
      }));
    }),
  );
  return router;
}
