import { describe, expect, it } from '@jest/globals';
import { buildRoster, rosterProblems } from '../../../domain/vote/roster.js';
import type { RosterFlat } from '../../../domain/vote/types.js';
import { caught } from '../support.js';
import { flat } from './fixtures.js';

/** The problems without their developer messages: row, field, code (and the first row of a repeat). */
const found = (flats: readonly RosterFlat[]) =>
  rosterProblems(flats).map(({ message: _message, ...problem }) => problem);

describe('rosterProblems', () => {
  it('finds nothing wrong with a good roster, nor with an empty one (emptiness is the caller’s rule)', () => {
    expect(rosterProblems([flat('101', 7000), flat('102', 8000, { ownerKey: 'zhang' })])).toEqual([]);
    expect(rosterProblems([])).toEqual([]);
  });

  it('lists every bad field of every row at once, row by row, in the order the fields are checked', () => {
    const flats = [
      flat('101', 7000),
      flat(' 102', 0, { floor: 0 }),
      flat('201', 7000, { areaSource: 'guess' as RosterFlat['areaSource'], ownerKey: 'developer' }),
      flat('202', 7000, { ownerKey: 'room:202' }),
      flat('', 7000, { floor: 1.5, ownerKey: '' }),
    ];
    expect(found(flats)).toEqual([
      { code: 'validation_error', row: 2, field: 'room' },
      { code: 'validation_error', row: 2, field: 'floor' },
      { code: 'validation_error', row: 2, field: 'areaCenti' },
      { code: 'validation_error', row: 3, field: 'areaSource' },
      { code: 'validation_error', row: 3, field: 'ownerKey' },
      { code: 'validation_error', row: 4, field: 'ownerKey' },
      { code: 'validation_error', row: 5, field: 'room' },
      { code: 'validation_error', row: 5, field: 'floor' },
      { code: 'validation_error', row: 5, field: 'ownerKey' },
    ]);
    expect(rosterProblems(flats)[0]?.message).toBe(
      'Roster row 2: the room is a non-empty name without surrounding spaces.',
    );
  });

  it('names each repeat of a room with the row it first appeared on, after the row’s own field problems', () => {
    const flats = [
      flat('101', 7000),
      flat('102', 7000),
      flat('101', 0),
      flat('102', 7000),
      flat('101', 7000),
      flat(' 101', 7000),
    ];
    expect(found(flats)).toEqual([
      { code: 'validation_error', row: 3, field: 'areaCenti' },
      { code: 'duplicate_room', row: 3, field: 'room', firstRow: 1 },
      { code: 'duplicate_room', row: 4, field: 'room', firstRow: 2 },
      { code: 'duplicate_room', row: 5, field: 'room', firstRow: 1 },
      // An unusable room is reported as such and compared with nothing.
      { code: 'validation_error', row: 6, field: 'room' },
    ]);
  });

  it('gives buildRoster its refusal: the first problem, with the same code and details', () => {
    const flats = [flat('101', 7000), flat('101', 0), flat('', 7000)];
    const error = caught(() => buildRoster(flats));
    expect({ code: error.code, details: error.details, message: error.message }).toEqual({
      code: 'validation_error',
      details: { row: 2, field: 'areaCenti' },
      message: 'Roster row 2: the area is a positive whole number of 0.01 m², at most 100000 m².',
    });
    const repeat = caught(() => buildRoster([flat('101', 7000), flat('101', 7000)]));
    expect({ code: repeat.code, details: repeat.details }).toEqual({
      code: 'duplicate_room',
      details: { row: 2, field: 'room', firstRow: 1 },
    });
  });
});
