/**
 * What the bot says about binding a household to a flat (`绑定`, `代办`, `确认代办`): privately to the
 * person, and the room alone in the group. Pure, like every module of `messages/`.
 */
import { HOW_TO_VOTE } from './ballot.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import { EXAMPLE_BINDING_CODE } from '../domain/binding-code.js';

// ----------------------------------------------------------------------------------------- binding

/** How a contact is bound to a flat. */
export type BindingRole = 'owner' | 'co_owner' | 'proxy';

/** How a contact is bound to a flat, in words. */
export const HOUSEHOLD_ROLE_WORDS: Readonly<Record<BindingRole, string>> = {
  owner: '业主',
  co_owner: '共有人',
  proxy: '代理人',
};

const HOW_TO_BIND = `请私聊我（不要发在群里）发送社区给您的绑定码，例如：绑定 ${EXAMPLE_BINDING_CODE}`;

/** Private confirmation of a household binding: which flat, as what. */
export function householdBound(input: { room: string; role: BindingRole }): string {
  return `绑定成功：您是 ${input.room} 的${HOUSEHOLD_ROLE_WORDS[input.role]}。回复 帮助 可以查看用法。`;
}

/** The group's notice of a household binding: the room only (`302 已绑定`). */
export function householdBoundNotice(room: string): string {
  return `${room} 已绑定`;
}

/** Private: a proxy's binding waits for the owner's confirmation or a committee entry. */
export function proxyBindingPending(room: string): string {
  return `已收到您代 ${room} 绑定的申请。要等业主确认或社区登记后才能代为表决，请联系 ${room} 的业主或社区。`;
}

/**
 * Private, to the flat's owners: someone used their code to ask to vote for them. One action: confirm
 * with `确认代办`; the safe default (doing nothing) keeps the request waiting.
 */
export function proxyRequestToOwner(room: string): string {
  return (
    `有人用您家 ${room} 的绑定码，申请代您家表决。\n` +
    '如果是您请的人，请回复：确认代办\n' +
    '如果不是，请不要回复，并请社区给您换新的绑定码。'
  );
}

/** Private, to the owner who confirmed: who may now vote for which flats. */
export function proxiesConfirmed(
  confirmed: readonly { readonly room: string; readonly role: BindingRole }[],
): string {
  const rooms = (proxy: boolean) => [
    ...new Set(confirmed.filter((c) => (c.role === 'proxy') === proxy).map((c) => c.room)),
  ];
  const lines = [
    ...(rooms(true).length > 0 ? [`代理人现在可以代 ${rooms(true).join('、')} 表决了`] : []),
    ...(rooms(false).length > 0 ? [`您的家人现在可以参与 ${rooms(false).join('、')} 的表决了`] : []),
  ];
  const tail =
    rooms(false).length > 0 ? '一户只有一票，请家里商量好再表决。' : '您自己也可以表决，以最后一次为准。';
  return `已确认：${lines.join('；')}。${tail}`;
}

/** Private, to a family member an owner confirmed. */
export function joinConfirmedNotice(room: string): string {
  return `${room} 的业主已确认您是家人，您现在可以参与 ${room} 的表决了。${HOW_TO_VOTE}`;
}

/** Private, to a proxy the owner (or the committee) confirmed. */
export function proxyConfirmedNotice(room: string): string {
  return `${room} 的业主已确认，您现在可以代 ${room} 表决了。${HOW_TO_VOTE}`;
}

/** `确认代办` with no proxy waiting on the speaker's flats. */
export function noProxyPending(): string {
  return '现在没有人在等您确认代办。';
}

/** `确认代办` from someone who owns no bound flat. */
export function confirmProxyNotOwner(): string {
  return `只有业主本人才能确认代办。${HOW_TO_BIND}`;
}

/** Private: the contact is already bound to this flat. */
export function alreadyBound(room: string): string {
  return `您已经绑定过 ${room} 了，不用再绑定。`;
}

/**
 * A wrong binding code, with the tries left (at least 1) before the hour's lock; at 0 send
 * {@link bindingLocked} instead.
 */
export function wrongBindingCode(triesLeft: number): string {
  return `这个绑定码不对，请对照社区给的纸条再发一次（还可以试 ${triesLeft} 次）。`;
}

/**
 * Binding is locked for this contact after too many wrong codes. With `until`, the time it opens again
 * in the display time zone; without, "in an hour".
 */
export function bindingLocked(until?: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const when = until === undefined ? '一小时后' : `${formatChatTime(until, timeZone)} 以后`;
  return `绑定码错的次数太多了，请${when}再试。`;
}

/**
 * Private, to whoever said a binding code in the open group: codes are said privately. Said once
 * in the open, a code is void: the committee gets a new one for the flat (`reissued`) to hand over.
 */
export function bindingCodeSaidInGroup(reissued: boolean): string {
  const next = reissued
    ? '社区会把新的绑定码交给您家，拿到后请私聊发给我。'
    : '请向社区要新的绑定码，拿到后私聊发给我。';
  return `绑定码不能发在群里，群里的人都能看到。为了安全，这个绑定码已经作废了。\n${next}`;
}

/**
 * Private, to the committee: a flat's code was said in the open group and is void; here is the new
 * one, to hand over in person. Sent only privately, never to a group.
 */
export function bindingCodeReissuedToCommittee(input: {
  readonly room: string;
  readonly code: string;
  readonly expiresAt: Date;
  readonly timeZone?: string;
}): string {
  const until = formatChatTime(input.expiresAt, input.timeZone ?? DEFAULT_TIME_ZONE);
  return (
    `${input.room} 的绑定码被发在了群里，已经作废。\n` +
    `新的绑定码：${input.code}（${until} 前有效）\n` +
    `请当面交给 ${input.room} 的业主，并提醒他私聊发给我。`
  );
}

/** A revoked or expired code. */
export function bindingCodeExpired(): string {
  return '这个绑定码已经作废或过期了，请向社区要新的绑定码。';
}

/**
 * Private, to someone who sent a slip another person already used: the request waits for the flat's
 * bound owner (or the committee). One action, and what to do if the slip was not theirs to share.
 */
export function joinRequestPending(room: string, ownersAsked = true): string {
  const who = ownersAsked
    ? `已请 ${room} 已绑定的业主确认您是家人`
    : `${room} 还没有业主绑定，请到社区确认您是家人`;
  return (
    `这个绑定码已经有人用过了，一个绑定码只能绑定一个人。\n` +
    `${who}，确认后您就可以参与 ${room} 的表决。\n` +
    '如果您是业主本人、并没有把绑定码给过别人，请马上联系社区。'
  );
}

/** Private, to the flat's bound owners: someone asks to join the flat with the slip they used. */
export function joinRequestToOwner(room: string): string {
  return (
    `有人用您家 ${room} 已经用过的绑定码，申请作为家人参与 ${room} 的表决。\n` +
    '如果是您的家人，请回复：确认家人\n' +
    '如果不是，请不要回复，并告诉社区。'
  );
}

/**
 * Private, to a member bound to no flat: how to bind. `afterVote` when they just tried to vote (the vote
 * was not counted).
 */
export function notBoundMessage(options: { afterVote?: boolean } = {}): string {
  const lead = options.afterVote === true ? '您还没有绑定房号，这次表决没有记录。' : '您还没有绑定房号。';
  return `${lead}${HOW_TO_BIND}`;
}

/** The group is bound to its unit (`绑定单元` succeeded); asks households to bind. */
export function unitBoundNotice(unitName: string): string {
  return `本群已绑定 ${unitName}。各位邻居请私聊我发送“绑定”加上您家的绑定码（不要发在群里），绑定码找社区要。`;
}

/** A unit has one group: this unit is already bound to another one. */
export function unitHasOtherGroup(): string {
  return '这个单元已经绑定了别的群，一个单元只能绑定一个群。要更换请联系社区。';
}

/** This group is already bound to a unit. */
export function groupAlreadyBound(): string {
  return '本群已经绑定过单元了，不用再绑定。';
}

/**
 * The group's one notice after the bot was away (logged out of WeChat, or its database out) for a
 * while: how long, and that what it owes the group follows now. Said once per group and return.
 */
export function backOnlineNotice(awayMs: number): string {
  const minutes = Math.max(1, Math.round(awayMs / 60_000));
  const away = minutes < 60 ? `${minutes} 分钟` : `${Math.round(minutes / 60)} 小时`;
  return `加梯助手刚才断线了约 ${away}，现在恢复了。\n断线期间的消息马上补发。`;
}

/** The one line an unbound group gets (the handler sends it at most once a day). */
export function unboundGroupLine(): string {
  return `本群还没有绑定单元。请社区工作人员或申请人代表在群里发送“绑定单元”加上单元绑定码。`;
}
