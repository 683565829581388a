import type { IssuedBindingCode } from '../../commands/issue-binding-codes.js';

/** The issued household binding codes, one per flat, for the committee to hand out door to door. */
export function presentBindingCodes(result: { readonly codes: readonly IssuedBindingCode[] }) {
  return { codes: result.codes.map(({ room, code }) => ({ room, code })) };
}
