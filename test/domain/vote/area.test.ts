import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_AREA_CENTI, formatArea, parseArea } from '../../../domain/vote/area.js';
import { caught } from '../support.js';

const seed = fastCheckSeed('area.test.ts');

describe('parseArea', () => {
  it.each([
    ['72.5', 7250],
    ['72.50', 7250],
    ['72.05', 7205],
    ['100', 10000],
    ['0.01', 1],
    ['0.5', 50],
    ['100000', MAX_AREA_CENTI],
    ['100000.00', MAX_AREA_CENTI],
  ])('reads %p as %p hundredths of a square metre', (text, centi) => {
    expect(parseArea(text)).toBe(centi);
  });

  it.each([
    ['0', 'zero'],
    ['0.00', 'zero with places'],
    ['-72.5', 'a negative area'],
    ['+72.5', 'a plus sign'],
    ['72.505', 'three decimal places'],
    ['7e2', 'an exponent'],
    [' 72', 'a leading space'],
    ['72 ', 'a trailing space'],
    ['', 'an empty string'],
    ['abc', 'letters'],
    ['72.', 'a dangling point'],
    ['.5', 'a missing whole part'],
    ['072.5', 'a leading zero'],
    ['1,000', 'a thousands separator'],
    ['７２', 'full-width digits'],
    ['72.5㎡', 'a unit'],
    ['100000.01', 'one hundredth above 100000 m²'],
    ['1000000', 'a million square metres'],
    ['99999999999999999999', 'a number beyond safe integers'],
  ])('refuses %p (%s) as a validation error on the area field', (text) => {
    const error = caught(() => parseArea(text));
    expect(error.code).toBe('validation_error');
    expect(error.details).toEqual({ field: 'area' });
  });
});

describe('formatArea', () => {
  it.each([
    [7250, '72.50'],
    [7205, '72.05'],
    [1, '0.01'],
    [0, '0.00'],
    [9640, '96.40'],
    [MAX_AREA_CENTI, '100000.00'],
    [36 * MAX_AREA_CENTI, '3600000.00'],
  ])('shows %p hundredths as %p', (centi, text) => {
    expect(formatArea(centi)).toBe(text);
  });

  it.each([[-1], [0.5], [Number.NaN], [Number.MAX_SAFE_INTEGER + 1]])(
    'refuses %p, which is no count of hundredths',
    (centi) => {
      const error = caught(() => formatArea(centi));
      expect(error.code).toBe('validation_error');
      expect(error.details).toEqual({ field: 'area' });
    },
  );

  it('round-trips every area a flat may have', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AREA_CENTI }), (centi) => {
        expect(parseArea(formatArea(centi))).toBe(centi);
      }),
      { seed, verbose: true },
    );
  });
});
