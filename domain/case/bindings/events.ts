/** The events of a case's bindings (domain.md §2a). */
import type { ContactRole, HouseholdRole } from './commands.js';

/** The data of each binding event, by event type. */
export interface BindingEventData {
  /** Binding codes were issued for these rooms (the codes themselves are kept outside the stream). */
  BindingCodesIssued: { readonly rooms: readonly string[]; readonly issuedAt: string };
  /** A chat contact was bound to a flat; `pending` for a proxy the owner has not confirmed yet. */
  HouseholdBound: {
    readonly room: string;
    readonly contactId: string;
    readonly role: HouseholdRole;
    readonly boundAt: string;
    readonly pending?: boolean;
    /** Joined with a slip someone had already used: pending until a bound owner confirms. */
    readonly requested?: boolean;
  };
  /** A proxy's binding was confirmed: the proxy may now vote for the flat. */
  ProxyConfirmed: { readonly room: string; readonly contactId: string; readonly confirmedAt: string };
  /** The unit's WeChat group was bound (one group per unit). */
  GroupBound: { readonly roomId: string; readonly boundAt: string };
  /** A chat contact's role in the unit (committee member or applicant representative) was recorded. */
  ContactRoleRecorded: {
    readonly contactId: string;
    readonly role: ContactRole;
    readonly recordedAt: string;
  };
}
