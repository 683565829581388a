import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_AREA_CENTI } from '../../../domain/vote/area.js';
import { DEVELOPER_KEY, buildRoster, countTotals, personKeyOf } from '../../../domain/vote/roster.js';
import type { RosterFlat } from '../../../domain/vote/types.js';
import { caught } from '../support.js';
import { flat } from './fixtures.js';

const seed = fastCheckSeed('roster.test.ts');

describe('personKeyOf', () => {
  it('gives every flat of developer stock the one developer key, whatever its owner key', () => {
    expect(personKeyOf({ room: '101', developerStock: true })).toBe(DEVELOPER_KEY);
    expect(personKeyOf({ room: '102', developerStock: true, ownerKey: 'zhang' })).toBe('developer');
  });

  it('uses the owner key so that one buyer of several flats is one person', () => {
    expect(personKeyOf({ room: '101', ownerKey: 'zhang' })).toBe('zhang');
    expect(personKeyOf({ room: '101', ownerKey: 'zhang', developerStock: false })).toBe('zhang');
  });

  it('falls back to the room: one flat, one person', () => {
    expect(personKeyOf({ room: '101' })).toBe('room:101');
  });
});

describe('buildRoster', () => {
  it('groups flats into persons: one buyer and the developer stock each count once, with all their area', () => {
    const roster = buildRoster([
      flat('101', 7000, { ownerKey: 'zhang' }),
      flat('102', 8000),
      flat('201', 7000, { ownerKey: 'zhang', floor: 2 }),
      flat('202', 9000, { developerStock: true, floor: 2 }),
      flat('301', 6000, { ownerKey: 'zhang', floor: 3 }),
      flat('302', 9100, { developerStock: true, floor: 3, areaSource: 'contract' }),
    ]);
    expect(roster.persons).toEqual([
      { key: 'zhang', rooms: ['101', '201', '301'], areaCenti: 20000 },
      { key: 'room:102', rooms: ['102'], areaCenti: 8000 },
      { key: 'developer', rooms: ['202', '302'], areaCenti: 18100 },
    ]);
    expect(roster.flats.map((f) => f.room)).toEqual(['101', '102', '201', '202', '301', '302']);
    expect(countTotals(roster)).toEqual({ owners: 3, areaCenti: 46100 });
  });

  it('returns a deeply frozen copy that later changes to the input cannot reach', () => {
    const input = [flat('101', 7000, { ownerKey: 'zhang' }), flat('102', 8000, { developerStock: false })];
    const roster = buildRoster(input);
    (input[0] as { areaCenti: number }).areaCenti = 1;
    expect(roster.flats[0]).toEqual(flat('101', 7000, { ownerKey: 'zhang' }));
    expect(roster.flats[1]).toEqual(flat('102', 8000, { developerStock: false }));
    expect(roster.flats[1]).not.toHaveProperty('ownerKey');
    expect(Object.isFrozen(roster)).toBe(true);
    expect(Object.isFrozen(roster.flats)).toBe(true);
    expect(Object.isFrozen(roster.flats[0])).toBe(true);
    expect(Object.isFrozen(roster.persons)).toBe(true);
    expect(Object.isFrozen(roster.persons[0])).toBe(true);
    expect(Object.isFrozen(roster.persons[0]?.rooms)).toBe(true);
    expect(Object.isFrozen(countTotals(roster))).toBe(true);
  });

  it('accepts the largest area a flat may have', () => {
    expect(countTotals(buildRoster([flat('101', MAX_AREA_CENTI)]))).toEqual({
      owners: 1,
      areaCenti: MAX_AREA_CENTI,
    });
  });

  it('refuses an empty roster', () => {
    const error = caught(() => buildRoster([]));
    expect(error.code).toBe('empty_roster');
  });

  it('refuses a room listed twice, naming both rows', () => {
    const error = caught(() => buildRoster([flat('101', 7000), flat('102', 7000), flat('101', 8000)]));
    expect(error.code).toBe('duplicate_room');
    expect(error.details).toEqual({ row: 3, field: 'room', firstRow: 1 });
  });

  const bad = (extra: Record<string, unknown>): RosterFlat =>
    ({ ...flat('102', 7000), ...extra }) as RosterFlat;
  it.each([
    ['an empty room', bad({ room: '' }), 'room'],
    ['a room padded with spaces', bad({ room: ' 102' }), 'room'],
    ['a room that is not text', bad({ room: 102 }), 'room'],
    ['floor 0', bad({ floor: 0 }), 'floor'],
    ['a fractional floor', bad({ floor: 1.5 }), 'floor'],
    ['a floor that is not a number', bad({ floor: '1' }), 'floor'],
    ['a zero area', bad({ areaCenti: 0 }), 'areaCenti'],
    ['a negative area', bad({ areaCenti: -7000 }), 'areaCenti'],
    ['a fractional area', bad({ areaCenti: 7000.5 }), 'areaCenti'],
    ['an area above 100000 m²', bad({ areaCenti: MAX_AREA_CENTI + 1 }), 'areaCenti'],
    ['an unsafe area', bad({ areaCenti: 2 ** 53 }), 'areaCenti'],
    ['an unknown area source', bad({ areaSource: 'guess' }), 'areaSource'],
    ['an empty owner key', bad({ ownerKey: '' }), 'ownerKey'],
    ['the developer key as owner key', bad({ ownerKey: 'developer' }), 'ownerKey'],
    ['a generated room key as owner key', bad({ ownerKey: 'room:101' }), 'ownerKey'],
    ['an owner key that is not text', bad({ ownerKey: 7 }), 'ownerKey'],
  ])('refuses %s as a validation error naming the row and field', (_name, row2, field) => {
    const error = caught(() => buildRoster([flat('101', 7000), row2]));
    expect(error.code).toBe('validation_error');
    expect(error.details).toEqual({ row: 2, field });
  });

  it('counts persons and area as the sums over its persons', () => {
    const flats = fc
      .array(
        fc.record({
          owner: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
          developerStock: fc.option(fc.boolean(), { nil: undefined }),
          areaCenti: fc.integer({ min: 1, max: MAX_AREA_CENTI }),
        }),
        { minLength: 1, maxLength: 36 },
      )
      .map((rows) =>
        rows.map((row, i) =>
          flat(`${i + 1}`, row.areaCenti, {
            ...(row.owner === undefined ? {} : { ownerKey: row.owner }),
            ...(row.developerStock === undefined ? {} : { developerStock: row.developerStock }),
          }),
        ),
      );
    fc.assert(
      fc.property(flats, (input) => {
        const roster = buildRoster(input);
        const totals = countTotals(roster);
        expect(totals.owners).toBe(new Set(input.map(personKeyOf)).size);
        expect(totals.owners).toBe(roster.persons.length);
        expect(totals.areaCenti).toBe(roster.persons.reduce((sum, p) => sum + p.areaCenti, 0));
        expect(totals.areaCenti).toBe(input.reduce((sum, f) => sum + f.areaCenti, 0));
        expect(roster.persons.flatMap((p) => p.rooms).sort()).toEqual(input.map((f) => f.room).sort());
        for (const person of roster.persons) {
          for (const room of person.rooms) {
            expect(personKeyOf(input.find((f) => f.room === room) as RosterFlat)).toBe(person.key);
          }
        }
      }),
      { seed, verbose: true },
    );
  });
});
