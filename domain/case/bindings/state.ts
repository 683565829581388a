/** Who is bound to which flat, the unit's group, and who holds a role in the unit (domain.md §2a). */
import type { ContactRole, HouseholdRole } from './commands.js';

/** A chat contact bound to a flat of the unit (domain.md §2a). */
export interface HouseholdBinding {
  readonly room: string;
  readonly contactId: string;
  readonly role: HouseholdRole;
  readonly boundAt: string;
  /** A proxy, or a request to join the flat, waiting for an owner's confirmation: may not vote yet. */
  readonly pending?: boolean;
  /** Joined with a slip someone had already used (a request an owner confirms). */
  readonly requested?: boolean;
}

/** A chat contact with a role in the unit. */
export interface ContactRoleRecord {
  readonly contactId: string;
  readonly role: ContactRole;
  readonly recordedAt: string;
}

/** The part of a case's state that its bindings keep. */
export interface BindingSlice {
  /** Who is bound to which flat, in the order they bound. */
  readonly households: readonly HouseholdBinding[];
  /** When binding codes were last issued (the rooms and codes live outside the state). */
  readonly bindingCodesIssuedAt?: string;
  /** The unit's WeChat group, once bound (`GroupBound`; one group per unit). */
  readonly groupRoomId?: string;
  /** Chat contacts with a role in the unit (`ContactRoleRecorded`), in the order recorded. */
  readonly contactRoles: readonly ContactRoleRecord[];
}

/** The binding of `contactId` to `room`, if any. */
export function findHousehold(
  state: BindingSlice,
  room: string,
  contactId: string,
): HouseholdBinding | undefined {
  return state.households.find((binding) => binding.room === room && binding.contactId === contactId);
}

/** Whether `contactId` holds `role` in the unit (any role when `role` is omitted). */
export function hasContactRole(state: BindingSlice, contactId: string, role?: ContactRole): boolean {
  return state.contactRoles.some((r) => r.contactId === contactId && (role === undefined || r.role === role));
}
