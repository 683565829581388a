import { describe, expect, it } from '@jest/globals';
import { findHousehold, type CaseCommand, type CaseEvent } from '../../../domain/case/index.js';
import { FLATS, at, fold, given, historyUntil, T0 } from './support.js';

const canvassing = historyUntil('canvassing');
const bind = (room = '302', contactId = 'wx-1', role: 'owner' | 'proxy' = 'owner'): CaseCommand => ({
  type: 'BindHousehold',
  data: { room, contactId, role },
});
const issue = (rooms: readonly string[]): CaseCommand => ({ type: 'IssueBindingCodes', data: { rooms } });

describe('IssueBindingCodes', () => {
  it('records the rooms the codes were issued for, never the codes', () => {
    const events = given(canvassing)
      .when(issue(['101', '302']), at(1))
      .then([{ type: 'BindingCodesIssued', data: { rooms: ['101', '302'], issuedAt: at(1).toISOString() } }]);
    expect(fold([...canvassing, ...events]).bindingCodesIssuedAt).toBe(at(1).toISOString());
  });

  it.each([
    ['a room the unit does not have', ['101', '909'], 'unknown_room'],
    ['no rooms', [], 'validation_error'],
    ['a room twice', ['101', '101'], 'validation_error'],
  ])('refuses %s', (_, rooms, code) => {
    given(canvassing)
      .when(issue(rooms))
      .then(code as 'unknown_room');
  });

  it('needs a registered unit', () => {
    given()
      .when(issue(['101']))
      .then('unit_not_registered');
  });
});

describe('proxies', () => {
  const proxy = (confirmed?: boolean): CaseCommand => ({
    type: 'BindHousehold',
    data: {
      room: '302',
      contactId: 'wx-9',
      role: 'proxy',
      ...(confirmed === undefined ? {} : { confirmed }),
    },
  });
  const confirm = (contactId = 'wx-9', room = '302'): CaseCommand => ({
    type: 'ConfirmProxy',
    data: { room, contactId },
  });

  it('binds a proxy as pending until the owner confirms', () => {
    const asked = [...canvassing, ...given(canvassing).when(proxy(), at(2)).events()];
    expect(asked.at(-1)).toEqual({
      type: 'HouseholdBound',
      data: { room: '302', contactId: 'wx-9', role: 'proxy', boundAt: at(2).toISOString(), pending: true },
    });
    expect(findHousehold(fold(asked), '302', 'wx-9')).toMatchObject({ pending: true });

    const confirmed = [
      ...asked,
      ...given(asked)
        .when(confirm(), at(3))
        .then([
          {
            type: 'ProxyConfirmed',
            data: { room: '302', contactId: 'wx-9', confirmedAt: at(3).toISOString() },
          },
        ]),
    ];
    const binding = findHousehold(fold(confirmed), '302', 'wx-9');
    expect(binding).toMatchObject({ role: 'proxy' });
    expect(binding?.pending).toBeUndefined();
    given(confirmed).when(confirm()).then([]);
  });

  it('binds a proxy the committee entered as confirmed at once', () => {
    const [event] = given(canvassing).when(proxy(true), at(2)).events();
    expect(event).toEqual({
      type: 'HouseholdBound',
      data: { room: '302', contactId: 'wx-9', role: 'proxy', boundAt: at(2).toISOString() },
    });
  });

  it('refuses to confirm a proxy nobody asked for, or an owner', () => {
    given(canvassing).when(confirm()).then('proxy_not_requested', { room: '302' });
    const owner = [...canvassing, ...given(canvassing).when(bind('302', 'wx-9')).events()];
    given(owner).when(confirm()).then('proxy_not_requested');
    given(canvassing).when(confirm('wx-9', '909')).then('unknown_room');
  });
});

describe('BindHousehold', () => {
  it('binds a contact to a flat of the unit', () => {
    const events = given(canvassing)
      .when(bind(), at(2))
      .then([
        {
          type: 'HouseholdBound',
          data: { room: '302', contactId: 'wx-1', role: 'owner', boundAt: at(2).toISOString() },
        },
      ]);
    const state = fold([...canvassing, ...events]);
    expect(findHousehold(state, '302', 'wx-1')).toMatchObject({ role: 'owner' });
    expect(findHousehold(state, '302', 'wx-2')).toBeUndefined();
  });

  it('is idempotent for a contact already bound to the room; another contact or room binds too', () => {
    const bound: CaseEvent[] = [...canvassing, ...given(canvassing).when(bind(), T0).events()];
    given(bound).when(bind()).then([]);
    expect(given(bound).when(bind('302', 'wx-2')).events()).toHaveLength(1);
    expect(given(bound).when(bind('101', 'wx-1')).events()).toHaveLength(1);
  });

  it.each([
    ['an unknown room', bind('909'), 'unknown_room'],
    ['an empty contact', bind('302', ' '), 'validation_error'],
    [
      'an unknown role',
      {
        type: 'BindHousehold',
        data: { room: '302', contactId: 'x', role: 'boss' },
      } as unknown as CaseCommand,
      'validation_error',
    ],
  ])('refuses %s', (_, command, code) => {
    given(canvassing)
      .when(command)
      .then(code as 'unknown_room');
  });

  it('needs a registered unit', () => {
    given().when(bind()).then('unit_not_registered');
    expect(FLATS.some((flat) => flat.room === '302')).toBe(true);
  });
});

describe('BindGroup', () => {
  const bindGroup = (roomId = 'room-1'): CaseCommand => ({ type: 'BindGroup', data: { roomId } });

  it('binds the unit to its group; the state remembers it', () => {
    const events = given(canvassing)
      .when(bindGroup(), at(3))
      .then([{ type: 'GroupBound', data: { roomId: 'room-1', boundAt: at(3).toISOString() } }]);
    expect(fold([...canvassing, ...events]).groupRoomId).toBe('room-1');
  });

  it('is idempotent for the same group and refuses a second group (one group per unit)', () => {
    const bound: CaseEvent[] = [...canvassing, ...given(canvassing).when(bindGroup(), T0).events()];
    given(bound).when(bindGroup()).then([]);
    given(bound).when(bindGroup('room-2')).then('unit_has_other_group');
  });

  it.each([
    ['an empty room id', bindGroup(' '), 'validation_error'],
    ['an unregistered unit', bindGroup(), 'unit_not_registered'],
  ])('refuses %s', (_, command, code) => {
    given(code === 'unit_not_registered' ? [] : canvassing)
      .when(command)
      .then(code as 'validation_error');
  });
});
