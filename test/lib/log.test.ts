import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { captureLogs, createLogger, maskName, maskPhone } from '../../lib/log.js';

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
    // Searched without the fields pino adds itself: a timestamp (`.601Z`) or a pid (`8520`) could
    // hold one of the digits searched for by chance (it did, about once in 500 runs).
    const text = lines
      .map((line) => {
        const {
          time: _time,
          pid: _pid,
          hostname: _host,
          ...rest
        } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(rest);
      })
      .join('\n');
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

describe('the err serializer', () => {
  it('logs a driver error whose reason is a circular topology as a small summary', () => {
    const { lines, log } = capture();
    const topology: Record<string, unknown> = { type: 'Unknown', servers: new Map() };
    (topology.servers as Map<string, unknown>).set('127.0.0.1:1', { topology, error: new Error('x') });
    topology.self = topology;
    const error = Object.assign(new Error('Server selection timed out after 10000 ms'), {
      name: 'MongoServerSelectionError',
      reason: topology,
      errorLabelSet: new Set(['ResetPool']),
    });
    log.warn({ err: error }, 'database not answering');
    const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(line.err).toEqual({
      type: 'MongoServerSelectionError',
      message: 'Server selection timed out after 10000 ms',
      labels: ['ResetPool'],
      stack: expect.stringMatching(/^\s+at /),
    });
    expect(lines[0]).not.toContain('unable to serialize');
  });

  it('masks quoted values in a message, keeps a short code and summarizes the cause', () => {
    const { lines, log } = capture();
    const cause = Object.assign(new Error('E11000 duplicate key dup key: { _id: "王建国" }'), {
      code: 11000,
    });
    log.error({ err: new Error(`Cast to string failed for value '13800001234'`, { cause }) }, 'failed');
    const text = lines.join('');
    expect(text).not.toContain('王建国');
    expect(text).not.toContain('13800001234');
    expect(JSON.parse(lines[0]!).err).toMatchObject({
      type: 'Error',
      message: 'Cast to string failed for value "…"',
      cause: { code: 11000, message: 'E11000 duplicate key dup key: { _id: "…" }' },
    });
  });
});

describe('captureLogs', () => {
  const sink = () => {
    const lines: string[] = [];
    return { lines, stream: { write: (line: string) => void lines.push(line) } };
  };

  it('tees every logger made while installed at debug and above, redacted, even a silent one', () => {
    const capture = sink();
    const own = sink();
    const previous = captureLogs(capture.stream);
    try {
      const quiet = createLogger({ level: 'silent' });
      const info = createLogger({ level: 'info' }, own.stream).child({ part: 'bot' });
      quiet.trace('never');
      quiet.debug({ phone: '13800001234' }, 'quiet debug');
      info.debug('info debug');
      info.warn({ owner: { name: '王建国' } }, 'info warn');
      expect(capture.lines.map((line) => JSON.parse(line).msg)).toEqual([
        'quiet debug',
        'info debug',
        'info warn',
      ]);
      expect(capture.lines.join('')).not.toMatch(/13800001234|王建国/);
      // The logger's own destination still gets only its own level.
      expect(own.lines.map((line) => JSON.parse(line).msg)).toEqual(['info warn']);
      expect(own.lines[0]).toBe(capture.lines[2]);
    } finally {
      expect(captureLogs(previous)).toBe(capture.stream);
    }
  });

  it('leaves loggers made before it was installed, or after it was removed, alone', () => {
    const capture = sink();
    const previous = captureLogs(null);
    const before = createLogger({ level: 'debug' }, sink().stream);
    captureLogs(capture.stream);
    captureLogs(null);
    const after = createLogger({ level: 'debug' }, sink().stream);
    captureLogs(previous);
    before.info('before');
    after.info('after');
    expect(capture.lines).toEqual([]);
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
