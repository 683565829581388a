/**
 * Who may do what in a unit, in one place: each guarded action and the roles that allow it, read
 * against the roles the unit's case records for the person (`ContactRoleRecorded`). The domain's
 * deciders, the commands and the bot's help all ask here, so a rule changes in one line. The roles
 * work fills this with the API's callers (an {@link Actor} signed in with their own token).
 */
import { DomainError } from '../errors.js';
import type { ContactRole } from './bindings/commands.js';
import type { BindingSlice } from './bindings/state.js';

/** A caller as the policies see them: who, and their roles in the unit of the case at hand. */
export interface Actor {
  readonly kind: 'admin' | 'committee' | 'applicant' | 'resident' | 'system';
  readonly id: string;
  readonly roles: readonly ContactRole[];
  readonly scope: { readonly unitId: string };
}

/**
 * The roles that allow each guarded action, in the order a role is named for it (the first the
 * person holds is the one recorded as acting).
 */
export const POLICIES = {
  /** `提醒`: remind the flats that have not voted. */
  remind: ['committee', 'applicant'],
  /** `收到 YY-1`: the committee receives objections (domain.md §3); the applicant answers them. */
  acknowledge_objection: ['committee', 'applicant'],
  /** `收到 TX-1`: an alert is acknowledged by whoever it went to, or the applicant representative. */
  acknowledge_alert: ['committee', 'subdistrict', 'district', 'applicant'],
} as const satisfies Readonly<Record<string, readonly ContactRole[]>>;

export type PolicyAction = keyof typeof POLICIES;

/** The person's roles in the unit, in the order the case recorded them. */
export function rolesOf(state: BindingSlice, contactId: string): ContactRole[] {
  return state.contactRoles.filter((record) => record.contactId === contactId).map((record) => record.role);
}

/** The role in which `actor` may take `action` (the policy's first that they hold), if any. */
export function roleFor<A extends PolicyAction>(
  action: A,
  actor: Pick<Actor, 'roles'>,
): (typeof POLICIES)[A][number] | undefined {
  const allowed: readonly (typeof POLICIES)[A][number][] = POLICIES[action];
  return allowed.find((role) => actor.roles.includes(role));
}

/** Whether `actor` may take `action`. */
export function may(action: PolicyAction, actor: Pick<Actor, 'roles'>): boolean {
  return roleFor(action, actor) !== undefined;
}

/**
 * The role in which `actor` takes `action`; refuses with `forbidden` `{ action }` when they hold none of
 * the policy's roles. A refusal is always this thrown error, never a result: transports word it by the
 * action (`messages/`).
 */
export function requireRole<A extends PolicyAction>(
  action: A,
  actor: Pick<Actor, 'roles'>,
): (typeof POLICIES)[A][number] {
  const role = roleFor(action, actor);
  if (role === undefined) {
    throw new DomainError('forbidden', `The action ${action} needs one of: ${POLICIES[action].join(', ')}.`, {
      action,
    });
  }
  return role;
}

/** Whether a value names a guarded action (for reading `forbidden` details). */
export function isPolicyAction(value: unknown): value is PolicyAction {
  return typeof value === 'string' && Object.hasOwn(POLICIES, value);
}
