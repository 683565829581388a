import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  CONTACT_ROLES,
  ISSUABLE_ROLES,
  PLATFORM_ADMIN,
  POLICIES,
  STAFF_POLICIES,
  isPlatformAdmin,
  may,
  mayIssueRole,
  mayTake,
  placeInScope,
  requireAction,
  roleFor,
  rolesOf,
  unitInScope,
  type Actor,
  type ContactRole,
  type StaffAction,
  type UnitPlacement,
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

describe('staff policies and scopes', () => {
  const committee: Actor = {
    kind: 'committee',
    id: 'tok_a',
    roles: ['committee'],
    scope: { kind: 'community', id: 'c1' },
  };
  const officer: Actor = {
    kind: 'subdistrict',
    id: 'tok_s',
    roles: ['subdistrict'],
    scope: { kind: 'subdistrict', id: 's1' },
  };
  const district: Actor = {
    kind: 'district',
    id: 'tok_d',
    roles: ['district'],
    scope: { kind: 'district', id: 'd1' },
  };
  const applicant: Actor = {
    kind: 'applicant',
    id: 'tok_u',
    roles: ['applicant'],
    scope: { kind: 'unit', id: 'u_1' },
  };
  const inC1: UnitPlacement = { unitId: 'u_1', communityId: 'c1', subdistrictId: 's1', districtId: 'd1' };
  const inC2: UnitPlacement = { unitId: 'u_2', communityId: 'c2', subdistrictId: 's1', districtId: 'd1' };
  const elsewhere: UnitPlacement = {
    unitId: 'u_3',
    communityId: 'c3',
    subdistrictId: 's2',
    districtId: 'd2',
  };
  const unplaced: UnitPlacement = { unitId: 'u_4' };

  it('lets each role reach the units of its own place, and the administrator every unit', () => {
    const reach = (actor: Actor) => [inC1, inC2, elsewhere, unplaced].map((unit) => unitInScope(actor, unit));
    expect(reach(PLATFORM_ADMIN)).toEqual([true, true, true, true]);
    expect(reach(district)).toEqual([true, true, false, false]);
    expect(reach(officer)).toEqual([true, true, false, false]);
    expect(reach(committee)).toEqual([true, false, false, false]);
    expect(reach(applicant)).toEqual([true, false, false, false]);
    // A platform scope held by anyone but the administrator reaches nothing.
    expect(unitInScope({ kind: 'committee', scope: { kind: 'platform' } }, inC1)).toBe(false);
    expect(isPlatformAdmin({ kind: 'committee', scope: { kind: 'platform' } })).toBe(false);
  });

  it('sees a place that is the scope or lies within it', () => {
    const c1 = { placeId: 'c1', subdistrictId: 's1', districtId: 'd1' };
    const s1 = { placeId: 's1', districtId: 'd1' };
    const c3 = { placeId: 'c3', subdistrictId: 's2', districtId: 'd2' };
    const sees = (actor: Actor) => [c1, s1, c3].map((place) => placeInScope(actor, place));
    expect(sees(PLATFORM_ADMIN)).toEqual([true, true, true]);
    expect(sees(district)).toEqual([true, true, false]);
    expect(sees(officer)).toEqual([true, true, false]);
    expect(sees(committee)).toEqual([true, false, false]);
    expect(sees(applicant)).toEqual([false, false, false]);
    expect(placeInScope({ kind: 'district', scope: { kind: 'platform' } }, c1)).toBe(false);
  });

  it('allows an action exactly to the roles of its row, and every action to the administrator', () => {
    const actions = Object.keys(STAFF_POLICIES) as StaffAction[];
    for (const action of actions) {
      expect(mayTake(action, PLATFORM_ADMIN)).toBe(true);
      for (const actor of [committee, officer, district, applicant]) {
        const allowed: readonly string[] = STAFF_POLICIES[action];
        expect(mayTake(action, actor)).toBe(allowed.includes(actor.roles[0]!));
      }
    }
    expect(mayTake('publish_plan', applicant)).toBe(true);
    expect(mayTake('register_unit', applicant)).toBe(false);
    expect(mayTake('read_unit', officer)).toBe(true);
    expect(mayTake('enter_vote', officer)).toBe(false);
    expect(() => requireAction('enter_vote', officer)).toThrow(
      expect.objectContaining({ code: 'forbidden', details: { action: 'enter_vote' } }),
    );
    expect(() => requireAction('enter_vote', committee)).not.toThrow();
  });

  it('lets a committee member issue committee and applicant tokens only; the administrator any', () => {
    expect(mayIssueRole(committee, 'committee')).toBe(true);
    expect(mayIssueRole(committee, 'applicant')).toBe(true);
    expect(mayIssueRole(committee, 'subdistrict')).toBe(false);
    expect(mayIssueRole(officer, 'committee')).toBe(false);
    expect(mayIssueRole(PLATFORM_ADMIN, 'district')).toBe(true);
    // In service, the committee also issues the elevator's maintainer and 使用单位 their own tokens.
    expect(ISSUABLE_ROLES.committee).toEqual(['committee', 'applicant', 'maintainer', 'user_unit']);
  });
});
