import { findHousehold, type HouseholdBinding } from '../domain/case/index.js';
import { readContact } from '../models/contact.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { requireUnitId } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** A proxy binding confirmed: the proxy may now vote for the flat. */
export interface ConfirmedProxy {
  readonly unitId: string;
  readonly room: string;
  readonly contactId: string;
  /** A proxy, or a family member who joined with a used slip (`co_owner`). */
  readonly role: HouseholdBinding['role'];
}

/** How `确认代办` went; each outcome has its own sentence in `messages/`. */
export type ConfirmProxiesResult =
  | { readonly kind: 'confirmed'; readonly proxies: readonly ConfirmedProxy[] }
  | { readonly kind: 'none_pending' }
  | { readonly kind: 'not_owner' };

/**
 * `确认代办` / `确认家人` from an owner or co-owner bound to a flat: confirms every proxy and every
 * request to join waiting on the speaker's flats, one `ConfirmProxy` each, recorded as done by that resident through WeChat.
 * A contact who owns no flat (unbound, or only a proxy) confirms nothing.
 */
export async function confirmProxiesInChat(
  ctx: CommandContext,
  input: { readonly contactId: string },
  meta: { readonly now: Date },
): Promise<ConfirmProxiesResult> {
  const contact = await readContact(ctx.models.contacts, input.contactId);
  const owned = (contact?.flats ?? []).filter((flat) => flat.role !== 'proxy');
  if (owned.length === 0) return { kind: 'not_owner' };
  const proxies: ConfirmedProxy[] = [];
  for (const flat of owned) {
    const { state } = await loadCase(ctx, flat.unitId);
    const waiting = state.households.filter(
      (binding: HouseholdBinding) => binding.room === flat.room && binding.pending === true,
    );
    for (const binding of waiting) {
      await runCaseCommand(
        ctx,
        flat.unitId,
        { type: 'ConfirmProxy', data: { room: flat.room, contactId: binding.contactId } },
        { actor: { kind: 'resident', id: input.contactId }, channel: 'wechat', now: meta.now },
      );
      proxies.push({
        unitId: flat.unitId,
        room: flat.room,
        contactId: binding.contactId,
        role: binding.role,
      });
    }
  }
  return proxies.length === 0 ? { kind: 'none_pending' } : { kind: 'confirmed', proxies };
}

/**
 * The committee records a proxy through the API (a signed power of attorney on paper): confirms a
 * proxy that asked in chat, or binds the contact as the flat's confirmed proxy at once; the `contacts`
 * projection learns the flat. Idempotent.
 */
export async function recordProxy(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly room: string; readonly contactId: string },
  meta: CommandMeta,
): Promise<{ readonly recorded: boolean }> {
  requireUnitId(input.unitId);
  const { state } = await loadCase(ctx, input.unitId);
  const existing = findHousehold(state, input.room, input.contactId);
  const { events } = await runCaseCommand(
    ctx,
    input.unitId,
    existing?.pending === true
      ? { type: 'ConfirmProxy', data: { room: input.room, contactId: input.contactId } }
      : {
          type: 'BindHousehold',
          data: { room: input.room, contactId: input.contactId, role: 'proxy', confirmed: true },
        },
    meta,
  );
  return { recorded: events.length > 0 };
}
