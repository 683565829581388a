/**
 * No personal data reaches the logs: the system runs with a debug-level logger writing to an array,
 * a unit with owners' names and phones is registered and voted on, and the captured text is searched.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../lib/log.js';
import { expectError, openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, type TestApi } from '../support/http.js';

const lines: string[] = [];
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    log: createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(line) }),
  });
});
afterAll(async () => {
  await api.close();
});

const OWNERS = [
  { name: '王建国', phone: '13912345678' },
  { name: '李秀英', phone: '0571-87654321' },
  { name: '欧阳娜娜', phone: '+86 137 0000 1111' },
];

describe('logs', () => {
  it('never contain owners’ names or phones', async () => {
    const flats = OWNERS.map((owner, index) => ({
      room: `${index + 1}01`,
      floor: index + 1,
      area: '66.60',
      areaSource: 'register',
      owners: [owner],
    }));
    const created = await api.post('/api/v1/units', { name: '西湖区某小区 3幢 1单元', flats });
    expect(created.status).toBe(201);
    const ballot = await openBallot(api, created.body.id, { matter: 'ordinary' });
    await vote(api, ballot.id, ['101', '201'], 'agree');
    expect((await api.get(`/api/v1/units/${created.body.id}`)).status).toBe(200);
    // A refused request too: its body names an owner.
    const refused = await api.post('/api/v1/units', { name: 'x', flats: [{ ...flats[0], area: '1.234' }] });
    expectError(refused, 400, 'validation_error');

    const text = lines.join('');
    // The capture works: the appended events were logged by case and type.
    expect(text).toContain('case event appended');
    expect(text).toContain(created.body.id);
    expect(text).toContain('"type":"UnitRegistered"');
    for (const { name, phone } of OWNERS) {
      expect(text).not.toContain(name);
      expect(text).not.toContain(phone);
      expect(text).not.toContain(phone.replace(/\D/g, '').slice(-8));
    }
  });
});
