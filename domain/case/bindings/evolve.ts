/** Folding the bindings' events: who is bound, the group, and roles, in the order they came. */
import type { Evolvers } from '../state.js';
import type { BindingEventData } from './events.js';

/** The binding event folders. */
export const bindingEvolvers: Evolvers<BindingEventData> = {
  BindingCodesIssued: (state, data) => ({ ...state, bindingCodesIssuedAt: data.issuedAt }),
  HouseholdBound: (state, data) => ({ ...state, households: [...state.households, data] }),
  ProxyConfirmed: (state, data) => ({
    ...state,
    households: state.households.map((binding) => {
      if (binding.room !== data.room || binding.contactId !== data.contactId) return binding;
      const { pending: _pending, ...confirmed } = binding;
      return confirmed;
    }),
  }),
  GroupBound: (state, data) => ({ ...state, groupRoomId: data.roomId }),
  ContactRoleRecorded: (state, data) => ({ ...state, contactRoles: [...state.contactRoles, data] }),
};
