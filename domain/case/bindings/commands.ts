/**
 * The commands that tie chat contacts to the unit (domain.md §2a, a design rule rather than law): a
 * household binds to its flat with the code the committee handed to the flat, a proxy only with the
 * owner's confirmation, the unit to its one WeChat group, and committee members and officers to roles.
 */
/** How a contact is bound to a flat: as its owner, a co-owner, or a proxy (domain.md §2a). */
export const HOUSEHOLD_ROLES = ['owner', 'co_owner', 'proxy'] as const;
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];

/**
 * The roles a chat contact may hold in a unit besides being a household: a residents'
 * committee member, the applicant representative, and the sub-district and district officers an
 * unacknowledged alert climbs to (domain.md §8).
 */
/**
 * The roles a person holds in a unit: the residents' committee, the applicant representative, the
 * sub-district and district officers, and in service (domain.md §7) the elevator's maintainer and its
 * 使用单位 (the user unit, or its safety manager).
 */
export const CONTACT_ROLES = [
  'committee',
  'applicant',
  'subdistrict',
  'district',
  'maintainer',
  'user_unit',
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** The data of each binding command, by command type. */
export interface BindingCommandData {
  /**
   * Records that one binding code per room was issued (and earlier ones revoked). The codes are secrets
   * handed door to door: they are kept outside the stream, which records only the rooms.
   */
  IssueBindingCodes: { readonly rooms: readonly string[] };
  /**
   * Binds a chat contact to a flat; binding the same contact to the same room again changes nothing.
   * A proxy waits for the owner's confirmation (`ConfirmProxy`) unless `confirmed` (a committee entry).
   */
  BindHousehold: {
    readonly room: string;
    readonly contactId: string;
    readonly role: HouseholdRole;
    readonly confirmed?: boolean;
    /**
     * A request to join a flat someone is already bound to, with a slip already used: pending for any
     * role until a bound owner confirms (`ConfirmProxy`). A code binds one person, once.
     */
    readonly request?: boolean;
  };
  /**
   * Confirms a pending binding — a proxy's, or a request to join the flat — by the flat's owner in chat
   * or the committee; again: no change.
   */
  ConfirmProxy: { readonly room: string; readonly contactId: string };
  /**
   * Binds the unit's WeChat group (`绑定单元 <code>`): one group per unit. Binding the same group again
   * changes nothing; another group is refused (`unit_has_other_group`).
   */
  BindGroup: { readonly roomId: string };
  /**
   * Records the role of a committee member's or the applicant representative's chat contact, so the bot
   * knows who may `提醒`. Recording the same role again changes nothing.
   */
  RecordContactRole: { readonly contactId: string; readonly role: ContactRole };
}
