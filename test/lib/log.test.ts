import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, maskName, maskPhone } from '../../lib/log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger({ level: 'debug' }, stream) };
}

describe('createLogger', () => {
  it('redacts names, phones, rooms, areas and message text wherever they sit', () => {
    const { lines, log } = capture();
    log.info(
      {
        name: '王建国',
        phone: '13800001234',
        owner: { name: '李秀英', phone: '13900005678', room: '302' },
        flats: [{ room: '601', areaCenti: 8520, owners: [{ name: '赵敏' }] }],
        message: { text: '我同意加装电梯', id: 'm1' },
        messageId: 'm1',
      },
      'event',
    );
    const text = lines.join('');
    for (const secret of [
      '王建国',
      '13800001234',
      '李秀英',
      '13900005678',
      '302',
      '601',
      '8520',
      '赵敏',
      '我同意',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"messageId":"m1"');
    expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'jiati', msg: 'event', name: '[redacted]' });
  });
});

describe('masks for display', () => {
  it.each([
    ['13800001234', '138****1234'],
    ['138-0000-1234', '138****1234'],
    ['12345', '*****'],
  ])('masks the phone %s as %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it.each([
    ['王建国', '王**'],
    ['欧阳娜娜', '欧***'],
    ['李', '李*'],
    ['  ', ''],
  ])('masks the name %s as %s', (name, masked) => expect(maskName(name)).toBe(masked));
});
