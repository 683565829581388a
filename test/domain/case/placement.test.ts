/**
 * A unit belongs to one community: named when it is registered, or placed later (`PlaceUnit`); a
 * placement corrected keeps the community it left in the event.
 */
import { describe, expect, it } from '@jest/globals';
import type { CaseCommand, CaseEvent } from '../../../domain/case/index.js';
import { FLATS, T0, fold, given } from './support.js';

const register = (communityId?: string): CaseCommand => ({
  type: 'RegisterUnit',
  data: { unit: { name: '宝石社区 7幢2单元' }, flats: FLATS, ...(communityId ? { communityId } : {}) },
});
const placeIn = (communityId: string): CaseCommand => ({ type: 'PlaceUnit', data: { communityId } });

describe('the community of a unit', () => {
  it('is recorded with the registration when named, and absent otherwise', () => {
    const [placed] = given().when(register('pl_a')).events();
    expect(placed?.data).toMatchObject({ communityId: 'pl_a' });
    expect(fold([placed!]).communityId).toBe('pl_a');
    const [unplaced] = given().when(register()).events();
    expect(unplaced?.data).not.toHaveProperty('communityId');
    expect(fold([unplaced!]).communityId).toBeUndefined();
  });

  it('is placed later, moved with the community it left named, and the same again changes nothing', () => {
    const registered = given().when(register()).events();
    const first = given(registered)
      .when(placeIn('pl_a'))
      .then([{ type: 'UnitPlaced', data: { communityId: 'pl_a' } }]);
    const history: CaseEvent[] = [...registered, ...first];
    expect(fold(history).communityId).toBe('pl_a');
    given(history).when(placeIn('pl_a')).then([]);
    const moved = given(history)
      .when(placeIn('pl_b'), T0)
      .then([{ type: 'UnitPlaced', data: { communityId: 'pl_b', previousCommunityId: 'pl_a' } }]);
    expect(fold([...history, ...moved]).communityId).toBe('pl_b');
  });

  it('refuses a placement before registration, and an empty community', () => {
    given().when(placeIn('pl_a')).then('unit_not_registered');
    given(given().when(register()).events())
      .when(placeIn(' '))
      .then('validation_error', { field: 'communityId' });
    given().when(register(' ')).then('validation_error', { field: 'communityId' });
  });
});
