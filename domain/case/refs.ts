/**
 * The references people quote back to Jiati (`收到 YY-12`): a prefix for what it names, a hyphen and a
 * number counted per prefix across all units (`objection_refs`), without leading zeros. Reading what a
 * resident typed (`yy012`) into this form is the bot's parser's work; this module only says the form.
 */

/** The letters of every objection reference: 异议 (yì yì). */
export const OBJECTION_REF_PREFIX = 'YY';

/** The letters of every alert reference: 提醒 (tí xǐng). */
export const ALERT_REF_PREFIX = 'TX';

/** A reference shown in examples ("收到 YY-12"). */
export const EXAMPLE_REFERENCE = `${OBJECTION_REF_PREFIX}-12`;

/** Whether a canonical reference names an alert (`TX-3`). */
export function isAlertRef(ref: string): boolean {
  return ref.startsWith(`${ALERT_REF_PREFIX}-`);
}
