import type { IssuedBindingCode } from '../../commands/issue-binding-codes.js';

/** One issued code: the room, the code, and until when it binds (UTC instant). */
export function presentBindingCode({ room, code, expiresAt }: IssuedBindingCode) {
  return { room, code, expiresAt: expiresAt.toISOString() };
}

/** The issued household binding codes, one per flat, for the committee to hand out door to door. */
export function presentBindingCodes(result: { readonly codes: readonly IssuedBindingCode[] }) {
  return { codes: result.codes.map(presentBindingCode) };
}
