/**
 * Corrections residents are told about: a ballot cancelled. Plain, short, one thing each; the group
 * hears it once, and everyone who got a vote receipt hears it privately, so no one keeps a receipt
 * for a vote that no longer counts without knowing. Pure: no I/O, no clock.
 */

/** The group's notice that a ballot was cancelled, with the committee's reason. */
export function ballotCancelledNotice(input: { readonly title: string; readonly reason: string }): string {
  return [
    `表决「${input.title}」已经取消。`,
    `原因：${input.reason}`,
    '已经表决的都不再计算，不用再回复。如果重新表决，会另行通知。',
  ].join('\n');
}

/**
 * The private word to a contact who got a receipt for a vote of `rooms` in the cancelled ballot: that
 * vote no longer counts.
 */
export function ballotCancelledPrivately(input: {
  readonly title: string;
  readonly reason: string;
  readonly rooms: readonly string[];
}): string {
  return [
    `您好！${input.rooms.join('、')} 参加的表决「${input.title}」已经取消了。`,
    `原因：${input.reason}`,
    '您之前的表决和回执不再计算。如果重新表决，会再通知您。',
  ].join('\n');
}
