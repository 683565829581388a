import { describe, expect, it } from '@jest/globals';
import { clockSettingsOf, findAlert, type CaseCommand, type CaseEvent } from '../../../domain/case/index.js';
import { at, fold, given, historyUntil } from './support.js';

const voting = historyUntil('voting');
const raise = (data: Partial<Extract<CaseCommand, { type: 'RaiseAlert' }>['data']> = {}): CaseCommand => ({
  type: 'RaiseAlert',
  data: { alertId: 'a1', kind: 'no_quorum', key: 'ballot.stall:b1', ballotId: 'b1', ...data },
});
const contact = (contactId: string, role: string): CaseEvent => ({
  type: 'ContactRoleRecorded',
  data: { contactId, role: role as 'committee', recordedAt: at(15).toISOString() },
});
/** Voting, with one contact recorded at each level of the ladder. */
const staffed: CaseEvent[] = [
  ...voting,
  contact('wx-committee', 'committee'),
  contact('wx-street', 'subdistrict'),
  contact('wx-district', 'district'),
];
const raised: CaseEvent[] = [...staffed, ...given(staffed).when(raise(), at(16)).events()];
const up = (from: 'committee' | 'subdistrict', alertId = 'a1'): CaseCommand => ({
  type: 'EscalateAlert',
  data: { alertId, from },
});

describe('alerts', () => {
  it('raises an alert to the committee once per key', () => {
    expect(raised.at(-1)).toEqual({
      type: 'AlertRaised',
      data: {
        alertId: 'a1',
        kind: 'no_quorum',
        key: 'ballot.stall:b1',
        level: 'committee',
        ballotId: 'b1',
        raisedAt: at(16).toISOString(),
      },
    });
    given(raised)
      .when(raise({ alertId: 'a2' }))
      .then([]);
    expect(findAlert(fold(raised), 'a1')).toMatchObject({
      level: 'committee',
      levelSince: at(16).toISOString(),
    });
  });

  it('refuses an unknown kind, ballot or objection', () => {
    given(voting)
      .when(raise({ kind: 'fire' as never }))
      .then('validation_error', { field: 'kind' });
    given(voting)
      .when(raise({ ballotId: 'b9' }))
      .then('ballot_not_found');
    given(voting)
      .when(raise({ ballotId: undefined, objectionId: 'o9' }))
      .then('objection_not_found');
  });

  it('escalates committee → sub-district → district, once per level, never past the district', () => {
    const sub = [...raised, ...given(raised).when(up('committee'), at(20)).events()];
    expect(sub.at(-1)).toEqual({
      type: 'AlertEscalated',
      data: { alertId: 'a1', from: 'committee', to: 'subdistrict', escalatedAt: at(20).toISOString() },
    });
    given(sub).when(up('committee')).then([]);
    const district = [...sub, ...given(sub).when(up('subdistrict'), at(24)).events()];
    expect(findAlert(fold(district), 'a1')).toMatchObject({
      level: 'district',
      levelSince: at(24).toISOString(),
    });
    given(district).when(up('subdistrict')).then([]);
  });

  it('is acknowledged once, at its level; an acknowledged alert does not climb', () => {
    const ack: CaseCommand = { type: 'AcknowledgeAlert', data: { alertId: 'a1', by: 'wx-committee' } };
    const done = [...raised, ...given(raised).when(ack, at(17)).events()];
    expect(done.at(-1)).toEqual({
      type: 'AlertAcknowledged',
      data: { alertId: 'a1', level: 'committee', by: 'wx-committee', acknowledgedAt: at(17).toISOString() },
    });
    given(done).when(ack).then([]);
    given(done)
      .when({ type: 'EscalateAlert', data: { alertId: 'a1', from: 'committee' } })
      .then([]);
    given(raised)
      .when({ type: 'AcknowledgeAlert', data: { alertId: 'a9', by: 'x' } })
      .then('alert_not_found', { alertId: 'a9' });
  });
});

describe('alerts with no one recorded at a level', () => {
  it('go straight to the first level up with a contact, naming the levels passed over', () => {
    const streetOnly = [...voting, contact('wx-street', 'subdistrict'), contact('wx-app', 'applicant')];
    const [event] = given(streetOnly).when(raise(), at(16)).events();
    expect(event).toEqual({
      type: 'AlertRaised',
      data: expect.objectContaining({ level: 'subdistrict', skipped: ['committee'] }),
    });
    expect(event!.data).not.toHaveProperty('unreached');
    const state = fold([...streetOnly, event!]);
    expect(findAlert(state, 'a1')).toMatchObject({ level: 'subdistrict', skipped: ['committee'] });
    expect(findAlert(state, 'a1')).not.toHaveProperty('unreached');
  });

  it('stay at the level due, unreached, when no one is recorded there nor above', () => {
    // No contact at all: the committee has it on paper, and no one was told.
    const [event] = given(voting).when(raise(), at(16)).events();
    expect(event).toEqual({
      type: 'AlertRaised',
      data: expect.objectContaining({ level: 'committee', unreached: true }),
    });
    expect(event!.data).not.toHaveProperty('skipped');
    const lonely = [...voting, event!];
    expect(findAlert(fold(lonely), 'a1')).toMatchObject({ level: 'committee', unreached: true });
    // It keeps climbing on its clock, unreached at each level, and stops at the district.
    const sub = [...lonely, ...given(lonely).when(up('committee'), at(20)).events()];
    expect(sub.at(-1)).toEqual({
      type: 'AlertEscalated',
      data: {
        alertId: 'a1',
        from: 'committee',
        to: 'subdistrict',
        escalatedAt: at(20).toISOString(),
        unreached: true,
      },
    });
    const district = [...sub, ...given(sub).when(up('subdistrict'), at(24)).events()];
    expect(findAlert(fold(district), 'a1')).toMatchObject({ level: 'district', unreached: true });
    given(district).when(up('subdistrict')).then([]);
  });

  it('climb past an empty level, and are reached again once someone is there', () => {
    const noStreet = [...voting, contact('wx-committee', 'committee'), contact('wx-district', 'district')];
    const events = [...noStreet, ...given(noStreet).when(raise(), at(16)).events()];
    expect(findAlert(fold(events), 'a1')).toMatchObject({ level: 'committee' });
    const climbed = [...events, ...given(events).when(up('committee'), at(20)).events()];
    expect(climbed.at(-1)).toEqual({
      type: 'AlertEscalated',
      data: {
        alertId: 'a1',
        from: 'committee',
        to: 'district',
        escalatedAt: at(20).toISOString(),
        skipped: ['subdistrict'],
      },
    });
    const alert = findAlert(fold(climbed), 'a1')!;
    expect(alert).toMatchObject({ level: 'district', skipped: ['subdistrict'] });
    expect(alert).not.toHaveProperty('unreached');
    // An unreached alert that climbs to a level with someone there is reached again.
    const later = [
      ...voting,
      ...given(voting).when(raise(), at(16)).events(),
      contact('wx-street', 'subdistrict'),
    ];
    const reached = fold([...later, ...given(later).when(up('committee'), at(20)).events()]);
    expect(findAlert(reached, 'a1')).toMatchObject({ level: 'subdistrict' });
    expect(findAlert(reached, 'a1')).not.toHaveProperty('unreached');
  });
});

describe('clock settings', () => {
  it('records a change as the whole new set, and nothing when nothing changes', () => {
    const [event] = given(voting)
      .when({ type: 'SetClockSettings', data: { change: { publicityDays: 15 } } }, at(15))
      .events();
    const state = fold([...voting, event!]);
    expect(clockSettingsOf(state).publicityDays).toBe(15);
    expect(event).toMatchObject({ type: 'ClockSettingsChanged', data: { changedAt: at(15).toISOString() } });
    given(voting)
      .when({ type: 'SetClockSettings', data: { change: { publicityDays: 10 } } })
      .then([]);
    given(voting)
      .when({ type: 'SetClockSettings', data: { change: { noticeTime: '7:00' } } })
      .then('validation_error', { field: 'noticeTime' });
  });
});
