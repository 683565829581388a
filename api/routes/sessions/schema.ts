import { z } from 'zod';
import { canonicalBindingCode } from '../../../domain/binding-code.js';

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
