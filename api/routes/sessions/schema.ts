import { z } from 'zod';
import { canonicalBindingCode } from '../../../domain/binding-code.js';
import { HOUSEHOLD_ROLES } from '../../../domain/case/index.js';
import { SIGN_IN_METHODS } from '../../../domain/platform/index.js';
import { named } from '../../openapi/registry.js';
import { Instant } from '../views.js';

/** `POST /sessions/wechat`: the code the mini-program's `wx.login()` just gave (valid five minutes, once). */
export const WechatSignInBody = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'is the code wx.login gave, as it gave it'),
});
export type WechatSignInBody = z.infer<typeof WechatSignInBody>;

/**
 * A flat's binding code as typed from its paper slip: read as the bot reads it (spaces and hyphens
 * dropped, O/I/L as 0/1/1), so `8k3-m2p` is `8K3M2P`.
 */
export const BindingCodeField = z
  .string()
  .trim()
  .max(32)
  .normalize('NFKC')
  .transform((text, ctx) => {
    const code = canonicalBindingCode(text);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: 'is the 6 to 8 letters and digits on the slip' });
      return z.NEVER;
    }
    return code;
  });

/** `POST /sessions/dev` and `POST /me/flats`: a flat's binding code. */
export const BindingCodeBody = z.object({ code: BindingCodeField });
export type BindingCodeBody = z.infer<typeof BindingCodeBody>;

// ——— Answers ———

/** A flat a resident reaches: the unit and the room they are bound to (and confirmed in). */
const ResidentFlatView = z.strictObject({ unitId: z.string(), room: z.string() });

/** `POST /sessions/wechat`, `POST /sessions/dev`: a new session, its secret shown this once. */
export const SessionView = named(
  'Session',
  z.strictObject({
    token: z
      .string()
      .regex(/^js_/)
      .describe(
        'The session secret (`js_…`), for `Authorization: Bearer`: shown this once, stored only as a hash.',
      ),
    sessionId: z.string(),
    method: z.enum(SIGN_IN_METHODS),
    expiresAt: Instant,
    flats: z.array(ResidentFlatView),
  }),
);

/** `POST /me/flats`: the flat bound (201), or the binding waiting for the owners' confirmation (202). */
export const FlatBoundView = named(
  'FlatBound',
  z.strictObject({
    unitId: z.string(),
    room: z.string(),
    role: z.enum(HOUSEHOLD_ROLES),
    pending: z.boolean(),
    /** False when the resident was bound to this flat already. */
    fresh: z.boolean(),
    /** Whether the flat may vote now in the open ballot (none counted for it yet). */
    mayVote: z.boolean(),
  }),
);
