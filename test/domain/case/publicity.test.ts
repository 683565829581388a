import { describe, expect, it } from '@jest/globals';
import {
  MEDIATION_LEVELS,
  assessObjection,
  nextMediationLevels,
  statusAfterMediation,
  type CaseCommand,
  type CaseCommandData,
  type CaseEvent,
  type IneffectiveReason,
  type MediationLevel,
  type ObjectionGround,
} from '../../../domain/case/index.js';
import { at, fold, given, historyUntil, run } from './support.js';

/** Publicity runs from day 22 (02:00Z) to 2025-04-07 24:00 Asia/Shanghai = 2025-04-07T16:00Z. */
const ENDS_AT = new Date('2025-04-07T16:00:00.000Z');
const agreement = historyUntil('agreement');
const publicity = historyUntil('publicity');

const sign = (data: Partial<CaseCommandData['SignAgreement']> = {}): CaseCommand => ({
  type: 'SignAgreement',
  data: { signedOn: '2025-03-25', publicityEndsOn: '2025-04-07', publicityEndsAt: ENDS_AT, ...data },
});
const object = (data: Partial<CaseCommandData['FileObjection']> = {}): CaseCommand => ({
  type: 'FileObjection',
  data: {
    objectionId: 'o1',
    named: true,
    written: true,
    ground: 'daylight',
    channel: 'paper',
    filedAt: at(25),
    objector: { name: '张某', room: '101' },
    ...data,
  },
});
const mediate = (data: Partial<CaseCommandData['RecordMediation']> = {}): CaseCommand => ({
  type: 'RecordMediation',
  data: {
    objectionId: 'o1',
    level: 'negotiation',
    heldOn: '2025-03-29',
    participants: ['张某', '申请人代表'],
    outcome: 'failed',
    ...data,
  },
});
const endPublicity: CaseCommand = { type: 'EndPublicity', data: {} };

/** Publicity with one effective objection o1 filed on day 25. */
const objected = run([{ command: object(), now: at(25) }], publicity).events;

describe('SignAgreement', () => {
  it('records the agreement and starts publicity at once', () => {
    const [event] = given(agreement)
      .when(sign({ publicityDays: 10, agreementRef: 'XY-1' }), at(22))
      .then([
        {
          type: 'AgreementSigned',
          data: {
            signedOn: '2025-03-25',
            ballotId: 'b1',
            publicityStartedAt: at(22).toISOString(),
            publicityEndsOn: '2025-04-07',
            publicityEndsAt: ENDS_AT.toISOString(),
            publicityDays: 10,
            agreementRef: 'XY-1',
          },
        },
      ]);
    expect(fold([...agreement, event as CaseEvent]).stage).toBe('publicity');
  });

  it('comes only after the elevator ballot passed', () => {
    for (const stage of ['canvassing', 'planning', 'voting'] as const) {
      given(historyUntil(stage)).when(sign()).then('vote_not_passed', { stage });
    }
    given().when(sign()).then('unit_not_registered');
    given(publicity)
      .when(sign())
      .then('wrong_stage', { stage: 'publicity', expected: ['agreement'] });
  });

  it('checks the period it is given', () => {
    given(agreement)
      .when(sign({ signedOn: '2025-3-25' }), at(22))
      .then('validation_error', { field: 'signedOn' });
    // Signed on a day still to come: the agreement is recorded once signed.
    given(agreement)
      .when(sign({ signedOn: '2025-03-26' }), at(22))
      .then('validation_error', { field: 'signedOn' });
    given(agreement)
      .when(sign({ publicityEndsOn: '2025-03-25' }), at(22))
      .then('validation_error', { field: 'publicityEndsOn' });
    given(agreement)
      .when(sign({ publicityEndsAt: new Date('x') }), at(22))
      .then('validation_error', { field: 'publicityEndsAt' });
    given(agreement)
      .when(sign({ publicityEndsAt: at(22) }), at(22))
      .then('validation_error', { field: 'publicityEndsAt' });
    given(agreement)
      .when(sign({ publicityDays: 0 }), at(22))
      .then('validation_error', { field: 'publicityDays' });
  });
});

describe('EndPublicity', () => {
  it('is refused before publicityEndsAt, even a second before', () => {
    given(publicity)
      .when(endPublicity, new Date(ENDS_AT.getTime() - 1000))
      .then('publicity_not_over', { publicityEndsAt: ENDS_AT.toISOString(), publicityEndsOn: '2025-04-07' });
  });

  it('moves to the application at publicityEndsAt when no effective objection is open', () => {
    const [event] = given(publicity)
      .when(endPublicity, ENDS_AT)
      .then([{ type: 'PublicityEnded', data: { endedAt: ENDS_AT.toISOString(), openObjectionIds: [] } }]);
    const state = fold([...publicity, event as CaseEvent]);
    expect(state.stage).toBe('application');
    expect(state.publicity?.endedAt).toBe(ENDS_AT.toISOString());
  });

  it('moves to objections while an effective objection is open', () => {
    const [event] = given(objected)
      .when(endPublicity, ENDS_AT)
      .then([{ type: 'PublicityEnded', data: { endedAt: ENDS_AT.toISOString(), openObjectionIds: ['o1'] } }]);
    expect(fold([...objected, event as CaseEvent]).stage).toBe('objections');
  });

  it('belongs to publicity only', () => {
    given(agreement).when(endPublicity, ENDS_AT).then('wrong_stage');
  });
});

describe('FileObjection: the effectiveness table (domain.md §3)', () => {
  const grounds: ObjectionGround[] = ['ventilation', 'daylight', 'passage', 'other'];
  const rows = grounds.flatMap((ground) =>
    [true, false].flatMap((named) =>
      [true, false].flatMap((written) =>
        [true, false].map((inWindow) => ({ ground, named, written, inWindow })),
      ),
    ),
  );

  it.each(rows)(
    'named=$named written=$written ground=$ground inWindow=$inWindow',
    ({ ground, named, written, inWindow }) => {
      const filedAt = inWindow ? at(25) : ENDS_AT;
      const expected: IneffectiveReason[] = [
        ...(named ? [] : ['anonymous' as const]),
        ...(written ? [] : ['oral' as const]),
        ...(inWindow ? [] : ['outside_window' as const]),
        ...(ground === 'other' ? ['ground_not_covered' as const] : []),
      ];
      const [event] = given(publicity).when(object({ ground, named, written, filedAt }), at(37)).events();
      expect(event?.data).toEqual(
        expect.objectContaining({
          effective: expected.length === 0,
          ineffectiveReasons: expected,
          ...(expected.length === 0 ? {} : { ineffectiveReason: expected[0] }),
        }),
      );
      if (expected.length === 0) expect(event?.data).not.toHaveProperty('ineffectiveReason');
      const state = fold([...publicity, event as CaseEvent]);
      expect(state.objections[0]?.status).toBe(expected.length === 0 ? 'open' : 'ineffective');
    },
  );

  it('counts the window from the publicized agreement up to, not including, publicityEndsAt', () => {
    const window = { startsAt: at(22), endsAt: ENDS_AT };
    const facts = { named: true, written: true, ground: 'passage' as const };
    expect(assessObjection({ ...facts, filedAt: at(22) }, window).effective).toBe(true);
    expect(assessObjection({ ...facts, filedAt: at(22, -1) }, window).ineffectiveReasons).toEqual([
      'outside_window',
    ]);
    expect(assessObjection({ ...facts, filedAt: new Date(ENDS_AT.getTime() - 1) }, window).effective).toBe(
      true,
    );
    expect(assessObjection({ ...facts, filedAt: ENDS_AT }, window).effective).toBe(false);
    expect(assessObjection({ ...facts, filedAt: at(22) }, undefined).ineffectiveReasons).toEqual([
      'outside_window',
    ]);
  });

  it('records objections before publicity and after it ended, as not effective', () => {
    const [early] = given(historyUntil('voting'))
      .when(object({ filedAt: at(15) }), at(15))
      .events();
    expect(early?.data).toEqual(
      expect.objectContaining({ effective: false, ineffectiveReason: 'outside_window' }),
    );
    const ended = historyUntil('application');
    const [late] = given(ended)
      .when(object({ filedAt: at(36) }), at(36))
      .events();
    expect(late?.data).toEqual(
      expect.objectContaining({ effective: false, ineffectiveReason: 'outside_window' }),
    );
    expect(fold([...ended, late as CaseEvent]).stage).toBe('application');
  });

  it('keeps a chat objection verbatim, and refuses one without its message', () => {
    given(publicity)
      .when(object({ channel: 'wechat', messageId: 'm9', text: '我反对，挡光' }), at(25))
      .then([
        {
          type: 'ObjectionFiled',
          data: {
            objectionId: 'o1',
            named: true,
            written: true,
            ground: 'daylight',
            channel: 'wechat',
            filedAt: at(25).toISOString(),
            recordedAt: at(25).toISOString(),
            effective: true,
            ineffectiveReasons: [],
            objector: { name: '张某', room: '101' },
            messageId: 'm9',
            text: '我反对，挡光',
          },
        },
      ]);
    given(publicity)
      .when(object({ channel: 'wechat' }), at(25))
      .then('message_not_kept');
    given(publicity)
      .when(object({ channel: 'wechat', messageId: 'm9' }), at(25))
      .then('message_not_kept');
  });

  it('refuses a duplicate id, a future filing time and an unregistered case', () => {
    given(objected).when(object(), at(26)).then('objection_already_filed', { objectionId: 'o1' });
    given(publicity)
      .when(object({ filedAt: at(26) }), at(25))
      .then('validation_error', { field: 'filedAt' });
    // Before the case began (the unit was registered on day 0).
    given(publicity)
      .when(object({ filedAt: at(-1) }), at(25))
      .then('validation_error', { field: 'filedAt' });
    given(publicity)
      .when(object({ objectionId: '' }), at(25))
      .then('validation_error', { field: 'objectionId' });
    given().when(object()).then('unit_not_registered');
  });
});

describe('RecordMediation: the ladder (HZ-2021 items 5–6)', () => {
  it('starts at negotiation or at the committee, never higher', () => {
    expect(nextMediationLevels([])).toEqual(['negotiation', 'committee']);
    given(objected)
      .when(mediate({ level: 'committee' }), at(26))
      .events();
    given(objected)
      .when(mediate({ level: 'subdistrict' }), at(26))
      .then('mediation_out_of_order', {
        level: 'subdistrict',
        allowed: ['negotiation', 'committee'],
      });
    given(objected)
      .when(mediate({ level: 'hearing', recordRef: 'H-1' }), at(26))
      .then('mediation_out_of_order');
  });

  it('climbs one rung at a time, may repeat a rung, and never goes back down', () => {
    expect(nextMediationLevels(['negotiation'])).toEqual(['negotiation', 'committee']);
    expect(nextMediationLevels(['negotiation', 'committee'])).toEqual(['committee', 'subdistrict']);
    expect(nextMediationLevels(['committee', 'subdistrict'])).toEqual(['subdistrict', 'hearing']);
    expect(nextMediationLevels(['hearing'])).toEqual([]);
    const afterCommittee = run(
      [{ command: mediate({ level: 'committee', outcome: 'refused' }), now: at(26) }],
      objected,
    );
    given(afterCommittee.events)
      .when(mediate({ level: 'negotiation' }), at(27))
      .then('mediation_out_of_order', {
        allowed: ['committee', 'subdistrict'],
      });
    given(afterCommittee.events)
      .when(mediate({ level: 'hearing', recordRef: 'H-1' }), at(27))
      .then('mediation_out_of_order');
    given(afterCommittee.events)
      .when(mediate({ level: 'committee' }), at(27))
      .events();
  });

  it('a full ladder: failed negotiation, refused committee, failed sub-district, hearing closes it', () => {
    const ladder = run(
      [
        { command: mediate({ level: 'negotiation', outcome: 'failed' }), now: at(26) },
        { command: endPublicity, now: ENDS_AT },
        { command: mediate({ level: 'committee', outcome: 'refused', heldOn: '2025-04-09' }), now: at(38) },
        { command: mediate({ level: 'subdistrict', outcome: 'failed', heldOn: '2025-04-15' }), now: at(44) },
        {
          command: mediate({
            level: 'hearing',
            outcome: 'failed',
            heldOn: '2025-04-25',
            recordRef: 'H-2025-7',
          }),
          now: at(54),
        },
      ],
      objected,
    );
    expect(ladder.stages).toEqual(['publicity', 'objections', 'application']);
    const objection = ladder.state.objections[0];
    expect(objection?.status).toBe('closed_after_hearing');
    expect(objection?.mediations.map((session) => session.level)).toEqual([
      'negotiation',
      'committee',
      'subdistrict',
      'hearing',
    ]);
    given(ladder.events)
      .when(mediate({ level: 'hearing', recordRef: 'H-2' }), at(55))
      .then('objection_closed', {
        status: 'closed_after_hearing',
      });
  });

  it('resolving the last effective objection after publicity lets the application go forward', () => {
    const twoOpen = run(
      [
        { command: object({ objectionId: 'o2', ground: 'passage' }), now: at(26) },
        { command: endPublicity, now: ENDS_AT },
        { command: mediate({ outcome: 'resolved' }), now: at(38) },
      ],
      objected,
    );
    expect(twoOpen.state.stage).toBe('objections');
    given(twoOpen.events)
      .when({ type: 'SubmitApplication', data: { submittedOn: '2025-04-10', materials: [] } }, at(38))
      .then('effective_objection_open', { objectionIds: ['o2'] });
    const events = given(twoOpen.events)
      .when(mediate({ objectionId: 'o2', outcome: 'withdrawn' }), at(39))
      .events();
    const state = fold([...twoOpen.events, ...events]);
    expect(state.stage).toBe('application');
    expect(state.objections.map((objection) => objection.status)).toEqual(['resolved', 'withdrawn']);
  });

  it('resolving during publicity leaves the stage until publicity ends', () => {
    const resolved = run([{ command: mediate({ outcome: 'resolved' }), now: at(26) }], objected);
    expect(resolved.state.stage).toBe('publicity');
    given(resolved.events)
      .when(endPublicity, ENDS_AT)
      .then([{ type: 'PublicityEnded', data: { endedAt: ENDS_AT.toISOString(), openObjectionIds: [] } }]);
  });

  it('states the outcome in the event', () => {
    given(objected)
      .when(mediate({ summary: '补偿未谈拢' }), at(26))
      .then([
        {
          type: 'MediationRecorded',
          data: {
            objectionId: 'o1',
            level: 'negotiation',
            heldOn: '2025-03-29',
            participants: ['张某', '申请人代表'],
            outcome: 'failed',
            objectionStatus: 'open',
            recordedAt: at(26).toISOString(),
            summary: '补偿未谈拢',
          },
        },
      ]);
  });

  it('maps each outcome at each level to the objection status', () => {
    const table = MEDIATION_LEVELS.map((level: MediationLevel) => [
      level,
      statusAfterMediation(level, 'resolved'),
      statusAfterMediation(level, 'withdrawn'),
      statusAfterMediation(level, 'failed'),
      statusAfterMediation(level, 'refused'),
    ]);
    expect(table).toEqual([
      ['negotiation', 'resolved', 'withdrawn', 'open', 'open'],
      ['committee', 'resolved', 'withdrawn', 'open', 'open'],
      ['subdistrict', 'resolved', 'withdrawn', 'open', 'open'],
      ['hearing', 'resolved', 'withdrawn', 'closed_after_hearing', 'closed_after_hearing'],
    ]);
  });

  it('requires the full record of a hearing', () => {
    const atSubdistrict = run(
      [
        { command: mediate({ level: 'committee' }), now: at(26) },
        { command: mediate({ level: 'subdistrict' }), now: at(27) },
      ],
      objected,
    ).events;
    given(atSubdistrict)
      .when(mediate({ level: 'hearing' }), at(28))
      .then('hearing_not_recorded');
    given(atSubdistrict)
      .when(mediate({ level: 'hearing', recordRef: ' ' }), at(28))
      .then('hearing_not_recorded');
  });

  it('mediates effective, open objections only', () => {
    given(objected)
      .when(mediate({ objectionId: 'zz' }), at(26))
      .then('objection_not_found', { objectionId: 'zz' });
    const anonymous = run(
      [{ command: object({ objectionId: 'o2', named: false }), now: at(26) }],
      objected,
    ).events;
    given(anonymous)
      .when(mediate({ objectionId: 'o2' }), at(27))
      .then('objection_not_effective', {
        ineffectiveReasons: ['anonymous'],
      });
    const resolved = run([{ command: mediate({ outcome: 'resolved' }), now: at(26) }], objected).events;
    given(resolved).when(mediate(), at(27)).then('objection_closed', { status: 'resolved' });
    given().when(mediate()).then('unit_not_registered');
  });

  it('checks the session day and participants', () => {
    given(objected)
      .when(mediate({ heldOn: '30/03/2025' }), at(26))
      .then('validation_error', { field: 'heldOn' });
    // Recorded once held, and never before the objection was filed (2025-03-28).
    given(objected)
      .when(mediate({ heldOn: '2025-03-30' }), at(26))
      .then('validation_error', { field: 'heldOn' });
    given(objected)
      .when(mediate({ heldOn: '2025-03-27' }), at(26))
      .then('validation_error', { field: 'heldOn' });
    given(objected)
      .when(mediate({ participants: [] }), at(26))
      .then('validation_error', { field: 'participants' });
    given(objected)
      .when(mediate({ participants: ['张某', '张某'] }), at(26))
      .then('validation_error', { field: 'participants' });
    given(objected)
      .when(mediate({ participants: ['张某', ''] }), at(26))
      .then('validation_error', { field: 'participants[1]' });
  });
});
