/**
 * The ids the kernel mints, beyond the unit and ballot ids `read.test.ts` covers: each kind has its
 * own prefix and length in lower-case base32 (no `:`, so event ids `<caseId>:<seq>` stay
 * unambiguous); an id that cannot name a unit is refused as `unit_not_registered` before any query;
 * and only the exact shapes count as unit or ballot ids.
 */
import { describe, expect, it } from '@jest/globals';
import {
  isUnitId,
  newBallotId,
  newPlaceId,
  newRequestId,
  newSessionId,
  newTokenId,
  newUnitId,
  requireUnitId,
  unitIdOfBallot,
} from '../../../commands/kernel/ids.js';
import { DomainError } from '../../../domain/errors.js';

describe('the minted ids', () => {
  it.each([
    ['place', newPlaceId, /^pl_[a-z2-7]{16}$/],
    ['token', newTokenId, /^tok_[a-z2-7]{16}$/],
    ['session', newSessionId, /^ses_[a-z2-7]{16}$/],
    ['request', newRequestId, /^r[a-z2-7]{24}$/],
    ['unit', newUnitId, /^u_[a-z2-7]{16}$/],
  ])('makes %s ids of their own shape, never twice', (_kind, mint, shape) => {
    const ids = Array.from({ length: 300 }, () => mint());
    for (const id of ids) expect(id).toMatch(shape);
    expect(new Set(ids).size).toBe(300);
  });

  it('draws every one of the 32 base32 characters, and nothing else', () => {
    const seen = new Set(
      Array.from({ length: 200 }, () => newRequestId().slice(1))
        .join('')
        .split(''),
    );
    expect([...seen].sort().join('')).toBe('234567abcdefghijklmnopqrstuvwxyz');
  });

  it('puts the random part of the unit id into each of its ballot ids', () => {
    const unitId = newUnitId();
    const ballotId = newBallotId(unitId);
    expect(ballotId).toMatch(new RegExp(`^b_${unitId.slice(2)}_[a-z2-7]{8}$`));
    expect(newBallotId(unitId)).not.toBe(ballotId);
  });
});

describe('isUnitId and unitIdOfBallot', () => {
  it.each([
    ['u_abcdefghijklmnop', true],
    ['u_234567abcdefghij', true],
    ['u_abcdefghijklmno', false], // 15 characters
    ['u_abcdefghijklmnopq', false], // 17
    ['u_ABCDEFGHIJKLMNOP', false], // upper case
    ['u_abcdefghijklmn01', false], // 0 and 1 are not base32
    ['u_abcdefghijklmn89', false],
    ['x_abcdefghijklmnop', false],
    [' u_abcdefghijklmnop', false],
    ['u_abcdefghijklmnop\n', false],
    ['', false],
  ])('reads %j as a unit id: %s', (id, expected) => {
    expect(isUnitId(id)).toBe(expected);
  });

  it.each([
    ['b_abcdefghijklmnop_abcdefgh', 'u_abcdefghijklmnop'],
    ['b_abcdefghijklmnop_abcdefg', undefined], // 7-character tail
    ['b_abcdefghijklmnop_abcdefghi', undefined],
    ['b_abcdefghijklmno_abcdefgh', undefined], // 15-character unit part
    ['b_abcdefghijklmnop-abcdefgh', undefined],
    ['B_abcdefghijklmnop_abcdefgh', undefined],
    ['pl_abcdefghijklmnop', undefined],
  ])('finds the unit of ballot id %j: %s', (ballotId, unitId) => {
    expect(unitIdOfBallot(ballotId)).toBe(unitId);
  });
});

describe('requireUnitId', () => {
  it('lets a unit id through', () => {
    expect(requireUnitId(newUnitId())).toBeUndefined();
  });

  it.each(['nonsense', 'u_short', 'b_abcdefghijklmnop_abcdefgh', 'u_abcdefghijklmnop:1', ''])(
    'refuses %j as unit_not_registered, naming it',
    (unitId) => {
      let thrown: unknown;
      try {
        requireUnitId(unitId);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'unit_not_registered', details: { unitId } });
    },
  );
});
