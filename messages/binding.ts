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

const ROLE_WORDS: Readonly<Record<BindingRole, string>> = {
  owner: '业主',
  co_owner: '共有人',
  proxy: '代理人',
};

const HOW_TO_BIND = `请把社区给您的绑定码发给我，例如：绑定 ${EXAMPLE_BINDING_CODE}`;

/** Private confirmation of a household binding: which flat, as what. */
export function householdBound(input: { room: string; role: BindingRole }): string {
  return `绑定成功：您是 ${input.room} 的${ROLE_WORDS[input.role]}。回复 帮助 可以查看用法。`;
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

/** Private, to the owner who confirmed: which flats' proxies may now vote. */
export function proxiesConfirmed(rooms: readonly string[]): string {
  return `已确认：代理人现在可以代 ${[...new Set(rooms)].join('、')} 表决了。您自己也可以表决，以最后一次为准。`;
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

/** A valid code of another unit sent in this unit's group. */
export function bindingCodeOfOtherUnit(): string {
  return '这个绑定码不是本单元的。请在您自己单元的群里发，或者私聊发给我。';
}

/** A revoked or already used one-time code. */
export function bindingCodeExpired(): string {
  return '这个绑定码已经作废了，请向社区要新的绑定码。';
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
  return `本群已绑定 ${unitName}。各位邻居请发送“绑定”加上您家的绑定码，绑定码找社区要。`;
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
