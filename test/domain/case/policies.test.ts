import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  CONTACT_ROLES,
  POLICIES,
  may,
  roleFor,
  rolesOf,
  type ContactRole,
} from '../../../domain/case/index.js';

const state = (records: readonly { contactId: string; role: ContactRole }[]) => ({
  households: [],
  contactRoles: records.map((record) => ({ ...record, recordedAt: '2025-03-03T02:00:00.000Z' })),
});

describe('policies', () => {
  it("reads a person's roles in the unit from the case, in the order recorded", () => {
    const unit = state([
      { contactId: 'a', role: 'applicant' },
      { contactId: 'b', role: 'committee' },
      { contactId: 'a', role: 'subdistrict' },
    ]);
    expect(rolesOf(unit, 'a')).toEqual(['applicant', 'subdistrict']);
    expect(rolesOf(unit, 'c')).toEqual([]);
  });

  it('names the role a person acts in: the first of the policy that they hold', () => {
    expect(roleFor('acknowledge_objection', { roles: ['applicant', 'committee'] })).toBe('committee');
    expect(roleFor('acknowledge_alert', { roles: ['applicant', 'district'] })).toBe('district');
    expect(roleFor('remind', { roles: ['subdistrict'] })).toBeUndefined();
    expect(may('remind', { roles: [] })).toBe(false);
    expect(may('remind', { roles: ['applicant'] })).toBe(true);
  });

  it('allows an action exactly when a held role is among the policy’s roles', () => {
    const actions = Object.keys(POLICIES) as (keyof typeof POLICIES)[];
    fc.assert(
      fc.property(fc.constantFrom(...actions), fc.subarray([...CONTACT_ROLES]), (action, roles) => {
        const allowed: readonly ContactRole[] = POLICIES[action];
        expect(may(action, { roles })).toBe(roles.some((role) => allowed.includes(role)));
        const role = roleFor(action, { roles });
        if (role !== undefined) expect(roles).toContain(role);
      }),
    );
  });
});
