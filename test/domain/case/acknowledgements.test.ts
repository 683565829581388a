import { describe, expect, it } from '@jest/globals';
import { findObjection, type CaseCommand, type CaseEvent } from '../../../domain/case/index.js';
import { at, fold, given, historyUntil, run } from './support.js';

/** Publicity with objection o1 filed on day 25, zhang recorded as committee and lin as applicant. */
const objected: CaseEvent[] = run(
  [
    { command: { type: 'RecordContactRole', data: { contactId: 'zhang', role: 'committee' } }, now: at(22) },
    { command: { type: 'RecordContactRole', data: { contactId: 'lin', role: 'applicant' } }, now: at(22) },
    {
      command: {
        type: 'FileObjection',
        data: {
          objectionId: 'o1',
          named: true,
          written: true,
          ground: 'daylight',
          channel: 'paper',
          filedAt: at(25),
          objector: { name: '张某', room: '101', phone: '13800000101' },
        },
      },
      now: at(25),
    },
  ],
  historyUntil('publicity'),
).events;

const ack = (contactId = 'zhang', objectionId = 'o1'): CaseCommand => ({
  type: 'AcknowledgeObjection',
  data: { objectionId, contactId },
});

describe('AcknowledgeObjection', () => {
  it('records that a committee member received the alert; the objection lists it', () => {
    const events = given(objected)
      .when(ack(), at(25, 1))
      .then([
        {
          type: 'ObjectionAcknowledged',
          data: {
            objectionId: 'o1',
            contactId: 'zhang',
            role: 'committee',
            acknowledgedAt: at(25, 1).toISOString(),
          },
        },
      ]);
    const objection = findObjection(fold([...objected, ...events]), 'o1')!;
    expect(objection.acknowledgements).toEqual([
      { contactId: 'zhang', role: 'committee', acknowledgedAt: at(25, 1).toISOString() },
    ]);
    expect(objection.objector).toEqual({ name: '张某', room: '101', phone: '13800000101' });
  });

  it('accepts the applicant representative too, with their role', () => {
    const [event] = given(objected).when(ack('lin'), at(26)).events();
    expect(event).toMatchObject({
      type: 'ObjectionAcknowledged',
      data: { contactId: 'lin', role: 'applicant' },
    });
  });

  it('is idempotent: the same contact acknowledging again appends nothing', () => {
    const once = [...objected, ...given(objected).when(ack(), at(25, 1)).events()];
    given(once).when(ack(), at(25, 2)).then([]);
    expect(given(once).when(ack('lin'), at(25, 2)).events()).toHaveLength(1);
  });

  it('refuses a contact with no role in the unit (forbidden)', () => {
    given(objected).when(ack('wang')).then('forbidden', { action: 'acknowledge_objection' });
  });

  it('refuses an unknown objection, an empty contact and an unregistered unit', () => {
    given(objected).when(ack('zhang', 'o9')).then('objection_not_found', { objectionId: 'o9' });
    given(objected).when(ack('')).then('validation_error', { field: 'contactId' });
    given().when(ack()).then('unit_not_registered');
  });

  it('changes nothing of an objection it does not know when folded', () => {
    const state = fold(objected);
    const ghost: CaseEvent = {
      type: 'ObjectionAcknowledged',
      data: {
        objectionId: 'zz',
        contactId: 'zhang',
        role: 'committee',
        acknowledgedAt: at(26).toISOString(),
      },
    };
    expect(fold([ghost], state)).toEqual(state);
  });
});
