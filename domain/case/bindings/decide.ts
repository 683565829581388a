/**
 * Binding chat contacts to flats, the unit to its group, and contacts to roles (domain.md §2a). Binding
 * again what is already bound changes nothing, so a code sent twice or a repeated command is harmless.
 */
import { fail, invalid, items, requireRegistered, text } from '../checks.js';
import type { Handlers } from '../state.js';
import { requireRoom } from '../unit/state.js';
import { CONTACT_ROLES, type BindingCommandData } from './commands.js';
import type { BindingEventData } from './events.js';
import { findHousehold, hasContactRole } from './state.js';

type Handler<K extends keyof BindingCommandData> = Handlers<BindingCommandData, BindingEventData>[K];

const issueBindingCodes: Handler<'IssueBindingCodes'> = (data, state, now) => {
  requireRegistered(state);
  const rooms = items(data.rooms, 'rooms', true);
  rooms.forEach((room) => requireRoom(state, room));
  return [{ type: 'BindingCodesIssued', data: { rooms, issuedAt: now.toISOString() } }];
};

const HOUSEHOLD_ROLES: readonly string[] = ['owner', 'co_owner', 'proxy'];

const bindHousehold: Handler<'BindHousehold'> = (data, state, now) => {
  requireRegistered(state);
  const room = requireRoom(state, data.room);
  const contactId = text(data.contactId, 'contactId');
  if (!HOUSEHOLD_ROLES.includes(data.role)) invalid('role', 'role is owner, co_owner or proxy.');
  // Binding the same contact to the same room again (a code sent twice) changes nothing.
  if (findHousehold(state, room, contactId) !== undefined) return [];
  const requested = data.request === true;
  const pending = (data.role === 'proxy' || requested) && data.confirmed !== true;
  return [
    {
      type: 'HouseholdBound',
      data: {
        room,
        contactId,
        role: data.role,
        boundAt: now.toISOString(),
        ...(pending ? { pending } : {}),
        ...(requested ? { requested } : {}),
      },
    },
  ];
};

const confirmProxy: Handler<'ConfirmProxy'> = (data, state, now) => {
  requireRegistered(state);
  const room = requireRoom(state, data.room);
  const binding = findHousehold(state, room, text(data.contactId, 'contactId'));
  if (binding === undefined || (binding.role !== 'proxy' && binding.requested !== true)) {
    fail('proxy_not_requested', `No proxy or request to join room ${room} by this contact.`, { room });
  }
  if (binding.pending !== true) return [];
  return [
    { type: 'ProxyConfirmed', data: { room, contactId: binding.contactId, confirmedAt: now.toISOString() } },
  ];
};

const bindGroup: Handler<'BindGroup'> = (data, state, now) => {
  requireRegistered(state);
  const roomId = text(data.roomId, 'roomId');
  if (state.groupRoomId === roomId) return [];
  if (state.groupRoomId !== undefined) {
    fail('unit_has_other_group', 'This unit is already bound to another group.');
  }
  return [{ type: 'GroupBound', data: { roomId, boundAt: now.toISOString() } }];
};

const recordContactRole: Handler<'RecordContactRole'> = (data, state, now) => {
  requireRegistered(state);
  const contactId = text(data.contactId, 'contactId');
  if (!(CONTACT_ROLES as readonly string[]).includes(data.role))
    invalid('role', `role is one of ${CONTACT_ROLES.join(', ')}.`);
  // Recording the same role again changes nothing.
  if (hasContactRole(state, contactId, data.role)) return [];
  return [
    { type: 'ContactRoleRecorded', data: { contactId, role: data.role, recordedAt: now.toISOString() } },
  ];
};

/** The binding command handlers. */
export const bindingHandlers: Handlers<BindingCommandData, BindingEventData> = {
  IssueBindingCodes: issueBindingCodes,
  BindHousehold: bindHousehold,
  ConfirmProxy: confirmProxy,
  BindGroup: bindGroup,
  RecordContactRole: recordContactRole,
};
