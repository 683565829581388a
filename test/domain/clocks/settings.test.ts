import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK_SETTINGS, changeClockSettings, thresholdsFor } from '../../../domain/clocks/index.js';
import { caught } from '../support.js';

describe('clock settings', () => {
  it('defaults to 10 days of publicity and reminders on day 3 and the day before close', () => {
    expect(DEFAULT_CLOCK_SETTINGS).toMatchObject({
      publicityDays: 10,
      ballotReminderDays: [3],
      remindDayBeforeClose: true,
      noticeTime: '10:00',
    });
    expect(changeClockSettings(DEFAULT_CLOCK_SETTINGS, {})).toEqual(DEFAULT_CLOCK_SETTINGS);
  });

  it('merges a partial change, nested tables included, and sorts the reminder days', () => {
    const changed = changeClockSettings(DEFAULT_CLOCK_SETTINGS, {
      ballotReminderDays: [5, 2],
      mediationStepWorkingDays: { hearing: 30 },
      care: { alertAckWorkingDays: 1 },
    });
    expect(changed.ballotReminderDays).toEqual([2, 5]);
    expect(changed.mediationStepWorkingDays).toEqual({
      negotiation: 10,
      committee: 10,
      subdistrict: 15,
      hearing: 30,
    });
    expect(changed.care.alertAckWorkingDays).toBe(1);
    expect(changed.care.quorumStallDays).toBe(10);
  });

  it.each([
    [{ publicityDays: 0 }, 'publicityDays'],
    [{ publicityDays: 2.5 }, 'publicityDays'],
    [{ ballotReminderDays: [3, 3] }, 'ballotReminderDays'],
    [{ ballotReminderDays: [0] }, 'ballotReminderDays[0]'],
    [{ noticeTime: '24:00' }, 'noticeTime'],
    [{ remindDayBeforeClose: 'yes' }, 'remindDayBeforeClose'],
    [{ quorumStallDays: 0 }, 'quorumStallDays'],
    [{ mediationStepWorkingDays: { committee: -1 } }, 'mediationStepWorkingDays.committee'],
    [{ care: { quorumStallDays: 0 } }, 'care.quorumStallDays'],
    [{ care: { mediationStepWorkingDays: { hearing: 400 } } }, 'care.mediationStepWorkingDays.hearing'],
  ])('refuses %j, naming %s', (change, field) => {
    expect(caught(() => changeClockSettings(DEFAULT_CLOCK_SETTINGS, change as never))).toMatchObject({
      code: 'validation_error',
      details: { field },
    });
  });

  it('uses the care thresholds for units with elderly or disabled residents, never longer than the ordinary', () => {
    expect(thresholdsFor(DEFAULT_CLOCK_SETTINGS, true)).toEqual(DEFAULT_CLOCK_SETTINGS.care);
    expect(thresholdsFor(DEFAULT_CLOCK_SETTINGS, false).quorumStallDays).toBe(14);
    const short = changeClockSettings(DEFAULT_CLOCK_SETTINGS, {
      quorumStallDays: 2,
      mediationStepWorkingDays: { hearing: 5 },
    });
    expect(thresholdsFor(short, true)).toMatchObject({
      quorumStallDays: 2,
      mediationStepWorkingDays: { hearing: 5, subdistrict: 10 },
    });
  });
});
