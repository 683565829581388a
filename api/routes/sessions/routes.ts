import { bodyParser } from '@koa/bodyparser';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { CommandContext } from '../../../commands/kernel/context.js';
import {
  signInWithBindingCode,
  signInWithWechat,
  type SignedIn,
} from '../../../commands/resident-sessions.js';
import { DomainError, isDomainError } from '../../../domain/errors.js';
import type { WechatAuth } from '../../../lib/wechat-auth.js';
import type { RateLimiters } from '../../middleware/rate-limit.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { BindingCodeBody, SessionView, WechatSignInBody } from './schema.js';

/** What residents' sign-in needs: the commands, WeChat's sign-in, and whether the development exchange is on. */
export interface SignInDeps {
  readonly commands: CommandContext;
  readonly wechat: WechatAuth;
  /** `JIATI_DEV_SIGN_IN=1`: a binding code signs a resident in without WeChat (development, the demo). */
  readonly devSignIn: boolean;
}

/** A new session: its secret (shown this once, kept nowhere), when it ends, and the flats it reaches. */
function presentSignedIn(signedIn: SignedIn) {
  return {
    token: signedIn.secret,
    sessionId: signedIn.session.sessionId,
    method: signedIn.session.method,
    expiresAt: new Date(signedIn.session.expiresAt).toISOString(),
    flats: signedIn.flats.map((flat) => ({ unitId: flat.unitId, room: flat.room })),
  };
}

/** Codes that mean the caller guessed wrong: each counts against their address like a bad token. */
const GUESSES = ['sign_in_code_invalid', 'binding_code_wrong'] as const;

/**
 * Runs one sign-in: an address that failed too often is refused first (429), a wrong code counts
 * against it, and the answer is never cached (it holds a secret).
 */
async function signIn(ctx: Context, limits: RateLimiters, run: () => Promise<SignedIn>): Promise<void> {
  await limits.assertNotLocked(ctx);
  let signedIn: SignedIn;
  try {
    signedIn = await run();
  } catch (error) {
    if (GUESSES.some((code) => isDomainError(error, code))) await limits.failedAuthentication(ctx);
    throw error;
  }
  ctx.status = 201;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = presentSignedIn(signedIn);
}

/**
 * What either sign-in may refuse with before its own: outside the bearer guard, these routes read their
 * body with their own JSON parser (400 `invalid_json`, 413 `payload_too_large`, 415
 * `unsupported_media_type`) behind the database gate (503 `database_unavailable`).
 */
const SIGN_IN_REFUSALS = [
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'database_unavailable',
] as const;

/**
 * Residents' sign-in, the API's only routes outside the bearer guard (mounted before it, with their
 * own JSON parser): `POST /api/v1/sessions/wechat` exchanges the mini-program's `wx.login` code
 * (WeChat's `code2Session`) for a session; `POST /api/v1/sessions/dev` — only where the development
 * exchange is switched on, else 404 — takes a flat's binding code instead. Either answers 201 with a
 * session token (`js_…`) for `Authorization: Bearer`, valid 30 days.
 */
export function sessionRoutes(deps: SignInDeps, limits: RateLimiters): Router {
  const { commands } = deps;
  const router = createRouter({ prefix: '/api/v1' });
  router.use(bodyParser({ enableTypes: ['json'], jsonLimit: '4kb', encoding: 'utf-8' }));

  router.post(
    '/sessions/wechat',
    validate(
      {
        summary: 'A resident signs in with the mini-program’s wx.login code (public)',
        body: WechatSignInBody,
        responses: { 201: SessionView },
        errors: [...SIGN_IN_REFUSALS, 'sign_in_code_invalid', 'sign_in_unavailable'],
      },
      async (ctx, { body }) => {
        await signIn(ctx, limits, () =>
          signInWithWechat(commands, deps.wechat, body.code, commands.clock.now()),
        );
      },
    ),
  );

  router.post(
    '/sessions/dev',
    async (ctx, next) => {
      // Switched off, the exchange is answered as an address that does not exist, before its body is read.
      if (!deps.devSignIn) {
        throw new DomainError('not_found', `No route for ${ctx.method} ${ctx.path}`, {
          method: ctx.method,
          path: ctx.path,
        });
      }
      await next();
    },
    validate(
      {
        summary:
          'Development only (JIATI_DEV_SIGN_IN=1, else 404): a resident signs in with a flat’s binding code (public)',
        body: BindingCodeBody,
        responses: { 201: SessionView },
        errors: [
          ...SIGN_IN_REFUSALS,
          'not_found',
          'binding_code_wrong',
          'binding_locked',
          'binding_code_void',
        ],
      },
      async (ctx, { body }) => {
        await signIn(ctx, limits, () => signInWithBindingCode(commands, body.code, commands.clock.now()));
      },
    ),
  );

  return router;
}
