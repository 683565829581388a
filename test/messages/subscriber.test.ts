/** The fields of subscription messages fit what WeChat accepts: a `thing` of at most 20 characters. */
import { describe, expect, it } from '@jest/globals';
import { subscriberBallotReminder, subscriberPublicityNotice } from '../../messages/index.js';

describe('subscription message fields', () => {
  it('keep a short unit name whole and cut a long one to 20 characters with an ellipsis', () => {
    expect(subscriberBallotReminder({ unitName: '3幢2单元', endsAt: '2025年3月10日 10:00' })).toEqual({
      thing1: '3幢2单元加装电梯表决',
      time2: '2025年3月10日 10:00',
      thing3: '您家还没表决，点这里投票',
    });
    const long = subscriberPublicityNotice({
      unitName: '西湖区北山街道宝石新村小区12幢2单元',
      endsOn: '2025-03-20',
    });
    expect([...long.thing1!]).toHaveLength(20);
    expect(long.thing1!.endsWith('…')).toBe(true);
    expect(long.time2).toBe('2025年3月20日 24:00');
    for (const value of Object.values(long)) expect([...value].length).toBeLessThanOrEqual(20);
  });
});
