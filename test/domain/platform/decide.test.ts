import { describe, expect, it } from '@jest/globals';
import {
  decidePlatform,
  evolvePlatform,
  initialPlatformState,
  platformDecider,
  requirePlace,
  type PlatformCommand,
  type PlatformState,
} from '../../../domain/platform/index.js';
import { isDomainError } from '../../../domain/errors.js';

const NOW = new Date('2025-03-03T02:00:00.000Z');
const HASH = 'a'.repeat(64);

function run(state: PlatformState, command: PlatformCommand): PlatformState {
  return decidePlatform(command, state, { now: NOW }).reduce(evolvePlatform, state);
}

function refusal(state: PlatformState, command: PlatformCommand): { code: string; details: unknown } {
  try {
    decidePlatform(command, state, { now: NOW });
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('not refused');
}

const place = (
  placeId: string,
  kind: 'district' | 'subdistrict' | 'community',
  name: string,
  parentId?: string,
) => ({ type: 'CreatePlace', data: { placeId, kind, name, ...(parentId ? { parentId } : {}) } }) as const;

/** A district, a sub-district in it and a community in that. */
const CITY = [
  place('d', 'district', '西湖区'),
  place('s', 'subdistrict', '北山街道', 'd'),
  place('c', 'community', '宝石社区', 's'),
].reduce(run, initialPlatformState);

const token = (
  data: Partial<Extract<PlatformCommand, { type: 'IssueToken' }>['data']> = {},
): PlatformCommand => ({
  type: 'IssueToken',
  data: {
    tokenId: 'tok_1',
    name: ' 沈丽萍 ',
    role: 'committee',
    scope: { kind: 'community', id: 'c' },
    tokenHash: HASH,
    expiresAt: new Date(NOW.getTime() + 30 * 86_400_000),
    ...data,
  },
});

describe('CreatePlace', () => {
  it('keeps the places above each place, so a community knows its sub-district and district', () => {
    expect(CITY.places.c).toEqual({
      placeId: 'c',
      kind: 'community',
      name: '宝石社区',
      parentId: 's',
      subdistrictId: 's',
      districtId: 'd',
      createdAt: NOW.toISOString(),
    });
    expect(CITY.places.s).toMatchObject({ parentId: 's'.replace('s', 'd'), districtId: 'd' });
    expect(CITY.places.d).not.toHaveProperty('parentId');
    expect(requirePlace(CITY, 'd').kind).toBe('district');
  });

  it.each([
    ['a district with a parent', place('x', 'district', '某区', 'd'), 'validation_error'],
    ['a sub-district with no district', place('x', 'subdistrict', '某街道'), 'validation_error'],
    ['a community in a district', place('x', 'community', '某社区', 'd'), 'wrong_place_kind'],
    [
      'a community in a place that does not exist',
      place('x', 'community', '某社区', 'nope'),
      'place_not_found',
    ],
    ['an id taken', place('c', 'community', '另一个', 's'), 'place_already_exists'],
    ['the same name under the same parent', place('x', 'community', '宝石社区', 's'), 'place_already_exists'],
    ['an empty name', place('x', 'district', '  '), 'validation_error'],
    [
      'an unknown kind',
      { type: 'CreatePlace', data: { placeId: 'x', kind: 'city', name: '杭州' } },
      'validation_error',
    ],
  ] as [string, PlatformCommand, string][])('refuses %s', (_label, command, code) => {
    expect(refusal(CITY, command).code).toBe(code);
  });

  it('names the parent that is not there, and the kind it is', () => {
    expect(refusal(CITY, place('x', 'community', '某社区', 'nope')).details).toEqual({
      placeId: 'nope',
      field: 'parentId',
    });
    expect(refusal(CITY, place('x', 'community', '某社区', 'd')).details).toEqual({
      placeId: 'd',
      kind: 'district',
      expected: 'subdistrict',
      field: 'parentId',
    });
  });

  it('allows the same name under another parent', () => {
    const more = run(CITY, place('s2', 'subdistrict', '西溪街道', 'd'));
    expect(run(more, place('c2', 'community', '宝石社区', 's2')).places.c2?.districtId).toBe('d');
  });
});

describe('IssueToken and RevokeToken', () => {
  it('records the token with its community, issue and expiry; the state keeps places only', () => {
    const events = decidePlatform(token(), CITY, { now: NOW });
    expect(events).toEqual([
      {
        type: 'TokenIssued',
        data: {
          tokenId: 'tok_1',
          name: '沈丽萍',
          role: 'committee',
          scope: { kind: 'community', id: 'c' },
          tokenHash: HASH,
          communityId: 'c',
          issuedAt: NOW.toISOString(),
          expiresAt: '2025-04-02T02:00:00.000Z',
        },
      },
    ]);
    expect(events.reduce(evolvePlatform, CITY)).toBe(CITY);
  });

  it('takes an applicant representative token for a unit, with the community the command found', () => {
    const [event] = decidePlatform(
      token({ role: 'applicant', scope: { kind: 'unit', id: 'u_x' }, communityId: 'c' }),
      CITY,
      { now: NOW },
    );
    expect(event?.data).toMatchObject({ scope: { kind: 'unit', id: 'u_x' }, communityId: 'c' });
    const [district] = decidePlatform(
      token({ role: 'district', scope: { kind: 'district', id: 'd' } }),
      CITY,
      {
        now: NOW,
      },
    );
    expect(district?.data).not.toHaveProperty('communityId');
  });

  it.each([
    [
      'a scope of another kind than the role',
      token({ scope: { kind: 'subdistrict', id: 's' } }),
      'validation_error',
    ],
    [
      'a scope place that does not exist',
      token({ scope: { kind: 'community', id: 'nope' } }),
      'place_not_found',
    ],
    ['a role that is not a staff role', token({ role: 'owner' as never }), 'validation_error'],
    ['a hash that is not SHA-256 hex', token({ tokenHash: 'secret' }), 'validation_error'],
    ['an expiry already past', token({ expiresAt: NOW }), 'validation_error'],
    [
      'an expiry over a year away',
      token({ expiresAt: new Date(NOW.getTime() + 367 * 86_400_000) }),
      'validation_error',
    ],
    ['an empty name', token({ name: ' ' }), 'validation_error'],
  ] as [string, PlatformCommand, string][])('refuses %s', (_label, command, code) => {
    expect(refusal(CITY, command).code).toBe(code);
  });

  it('revokes by id and hash, at now', () => {
    expect(
      decidePlatform({ type: 'RevokeToken', data: { tokenId: 'tok_1', tokenHash: HASH } }, CITY, {
        now: NOW,
      }),
    ).toEqual([
      { type: 'TokenRevoked', data: { tokenId: 'tok_1', tokenHash: HASH, revokedAt: NOW.toISOString() } },
    ]);
    expect(refusal(CITY, { type: 'RevokeToken', data: { tokenId: 'tok_1', tokenHash: 'x' } }).code).toBe(
      'validation_error',
    );
  });

  it('is one decider value for the stream runner', () => {
    expect(platformDecider.initialState).toBe(initialPlatformState);
    expect(platformDecider.decide).toBe(decidePlatform);
    expect(platformDecider.evolve).toBe(evolvePlatform);
  });
});

describe('AllowReminders', () => {
  const allow = (kinds: readonly string[], contactId = 'mp:o-1'): PlatformCommand => ({
    type: 'AllowReminders',
    data: { contactId, kinds: kinds as never },
  });

  it('records the kinds allowed, each once, at now, and changes nothing of the places', () => {
    const events = decidePlatform(allow(['ballot', 'publicity', 'ballot']), CITY, { now: NOW });
    expect(events).toEqual([
      {
        type: 'RemindersAllowed',
        data: { contactId: 'mp:o-1', kinds: ['ballot', 'publicity'], allowedAt: NOW.toISOString() },
      },
    ]);
    expect(evolvePlatform(CITY, events[0]!)).toBe(CITY);
  });

  it.each([
    ['no kind', allow([])],
    ['a kind there is no reminder for', allow(['payment'])],
    ['no contact', allow(['ballot'], ' ')],
  ] as [string, PlatformCommand][])('refuses %s', (_label, command) => {
    expect(refusal(CITY, command).code).toBe('validation_error');
  });
});
