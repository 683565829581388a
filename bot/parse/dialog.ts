/**
 * The words of a guided dialog (`异议`): what one reply can mean at each step. The command decides by
 * the step it is at; only this module knows the words.
 */
import type { DialogReplyMeaning } from '../../commands/objection-dialog.js';
import type { ObjectionGround } from '../../domain/case/index.js';
import { normalizeText } from './normalize.js';

/** What one reply to a dialog says, read once (the meanings the command decides by, and one more). */
export interface DialogReply extends DialogReplyMeaning {
  /** Whether it is a bare `1`–`4`: the only group message that may answer a dialog. */
  readonly dialogNumber: boolean;
}

const GROUND_ANSWERS: Readonly<Record<string, ObjectionGround>> = {
  '1': 'ventilation',
  '2': 'daylight',
  '3': 'passage',
  '4': 'other',
  通风: 'ventilation',
  采光: 'daylight',
  通行: 'passage',
  其他: 'other',
  其它: 'other',
};

const CANCEL_WORDS = new Set(['取消', '退出', '算了', '不提了']);
const CONFIRM_WORDS = new Set(['1', '确认', '确认提交', '提交']);
const DECLINE_WORDS = new Set(['2', ...CANCEL_WORDS]);

/** The key a reply is read by: normalized as the parser does, spaces removed, lower case. */
function keyOf(text: string): string {
  const normalized = normalizeText(text);
  return normalized === null ? '' : normalized.replaceAll(' ', '').toLowerCase();
}

/** Reads one reply to a dialog (`１`, `①`, `确认 提交` are read as `1`, `1`, `确认提交`). */
export function readDialogReply(text: string): DialogReply {
  const key = keyOf(text);
  const ground = Object.hasOwn(GROUND_ANSWERS, key) ? GROUND_ANSWERS[key] : undefined;
  return {
    cancel: CANCEL_WORDS.has(key),
    ...(ground === undefined ? {} : { ground }),
    confirm: CONFIRM_WORDS.has(key),
    decline: DECLINE_WORDS.has(key),
    bareNumber: /^[0-9]{1,2}$/.test(key),
    dialogNumber: /^[1-4]$/.test(key),
  };
}
