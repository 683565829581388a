import { describe, expect, it } from '@jest/globals';
import { hasContactRole, type CaseCommand, type CaseEvent } from '../../../domain/case/index.js';
import { at, fold, given, historyUntil, T0 } from './support.js';

const canvassing = historyUntil('canvassing');
const record = (contactId = 'wx-9', role: 'committee' | 'applicant' = 'committee'): CaseCommand => ({
  type: 'RecordContactRole',
  data: { contactId, role },
});

describe('RecordContactRole', () => {
  it("records a committee member's contact; the state knows the role", () => {
    const events = given(canvassing)
      .when(record(), at(2))
      .then([
        {
          type: 'ContactRoleRecorded',
          data: { contactId: 'wx-9', role: 'committee', recordedAt: at(2).toISOString() },
        },
      ]);
    const state = fold([...canvassing, ...events]);
    expect(hasContactRole(state, 'wx-9', 'committee')).toBe(true);
    expect(hasContactRole(state, 'wx-9')).toBe(true);
    expect(hasContactRole(state, 'wx-9', 'applicant')).toBe(false);
    expect(hasContactRole(state, 'wx-1')).toBe(false);
  });

  it('is idempotent for the same role; another role or contact is recorded too', () => {
    const recorded: CaseEvent[] = [...canvassing, ...given(canvassing).when(record(), T0).events()];
    given(recorded).when(record()).then([]);
    expect(given(recorded).when(record('wx-9', 'applicant')).events()).toHaveLength(1);
    expect(given(recorded).when(record('wx-8')).events()).toHaveLength(1);
  });

  it.each([
    ['an empty contact', record(''), 'validation_error'],
    ['an unknown role', record('wx-9', 'mayor' as 'committee'), 'validation_error'],
  ])('refuses %s', (_, command, code) => {
    given(canvassing)
      .when(command)
      .then(code as 'validation_error');
  });

  it('needs a registered unit', () => {
    given().when(record()).then('unit_not_registered');
  });
});
