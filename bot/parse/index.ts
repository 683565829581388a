/**
 * Chat text → typed intent (conventions.md §2): {@link parseIntent}, the vocabulary it reads, and the
 * formats of the codes residents type.
 */
export {
  BINDING_CODE_ALPHABET,
  BINDING_CODE_MAX_LENGTH,
  BINDING_CODE_MIN_LENGTH,
  EXAMPLE_BINDING_CODE,
  EXAMPLE_REFERENCE,
  canonicalBindingCode,
  canonicalReference,
} from './codes.js';
export { readDialogReply } from './dialog.js';
export type { DialogReply } from './dialog.js';
export { HINT_REASONS, INTENT_KINDS } from './intent.js';
export type { HintReason, Intent, IntentKind } from './intent.js';
export { MAX_COMMAND_LENGTH, MAX_INPUT_LENGTH, normalizeText } from './normalize.js';
export { parseIntent } from './parse-intent.js';
export { ARGUMENT_COMMANDS, VOCABULARY } from './vocabulary.js';
export type { ArgumentCommand, VocabularyRow, WithParticle } from './vocabulary.js';
