/**
 * The privacy scan itself: it finds each kind of leak it is meant to find, where it
 * sits in the line, and raises no alarm on the lines the app really writes — timestamps, hashes, ids,
 * stack traces, sequence numbers — so that a clean run means something.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN } from './http.js';
import {
  describeLeaks,
  scanCaptureDirectory,
  scanLogLine,
  testTokens,
  type LeakKind,
} from './privacy-scan.js';

const rules = { tokens: testTokens(path.resolve('test')) };
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: '2025-03-03T02:00:00.000Z', service: 'jiati', ...fields, msg: 'm' });
const kinds = (text: string) => scanLogLine(text, rules).map((leak) => `${leak.kind} ${leak.path}`);

describe('what the scan finds', () => {
  it.each<[string, string, string[]]>([
    ['a mobile number', line({ note: 'call 13800001234' }), ['phone note']],
    ['a mobile number in 3-4-4 groups', line({ to: '138-0000-1234' }), ['phone to']],
    ['a mobile number with +86', line({ to: '+86 139 1234 5678' }), ['phone to']],
    ['a mobile number as a JSON number', line({ n: 15912345678 }), ['phone n']],
    ['a name', line({ who: '李大爷' }), ['cjk who']],
    ['a unit name', line({ unit: '测试小区 3 幢 2 单元' }), ['cjk unit']],
    ['a message deep in an error', line({ err: { message: 'bad: 我同意' } }), ['cjk err.message']],
    ['a full-width form', line({ x: 'ＡＢ' }), ['cjk x']],
    ['CJK in a key', line({ fenByFloor: { 王家: 1 } }), ['cjk fenByFloor.王家']],
    ['a room under its own key', line({ room: '302' }), ['unredacted room', 'room room']],
    [
      'a room under a …Room key',
      line({ data: { toRoom: 'B-302' } }),
      ['unredacted data.toRoom', 'room data.toRoom'],
    ],
    ['a list of rooms', line({ exemptRooms: ['101'] }), ['unredacted exemptRooms', 'room exemptRooms[0]']],
    ['a room as a value', line({ data: { flat: '1201' } }), ['room data.flat']],
    ['a room inside an id', line({ outboxId: 'plan:u_abc:2:302:wx-li' }), ['room outboxId']],
    ['a room in an API path', line({ path: '/api/v1/units/u_a/binding-codes/B302' }), ['room path']],
    [
      'a name redaction missed (nested too deep)',
      line({ a: { b: { c: { d: { name: 'x' } } } } }),
      ['unredacted a.b.c.d.name'],
    ],
    [
      'a phone redaction missed',
      line({ a: { b: { c: { d: { phone: 'x' } } } } }),
      ['unredacted a.b.c.d.phone'],
    ],
    ['the test admin token', line({ header: `Bearer ${ADMIN_TOKEN}` }), ['token ']],
    ['the demo token', line({ err: { stack: 'token jiati-demo-admin-token' } }), ['token ']],
    ['a staff token', line({ header: `Bearer jt_${'Ab0_-'.repeat(8)}xyz` }), ['token ']],
    ['a binding code', line({ code: '8K3M2PQ7' }), ['binding_code code']],
    [
      'a binding code of letters only',
      line({ err: { message: 'dup key: { _id: "ABCDEFGH" }' } }),
      ['binding_code err.message'],
    ],
    ['a line that is not JSON', 'owner 13800001234', ['not_json ', 'phone ']],
  ])('finds %s', (_what, text, expected) => expect(kinds(text)).toEqual(expected));

  it('finds every token literal of the tests', () => {
    expect(rules.tokens).toEqual(
      expect.arrayContaining([ADMIN_TOKEN, 'jiati-demo-admin-token', 'process-test-admin-token']),
    );
  });
});

describe('what the scan lets through', () => {
  it.each<[string, string]>([
    ['a timestamp and epoch milliseconds', line({ at: '2025-03-03T02:00:00.000Z', ms: 1741000000000 })],
    ['epoch seconds', line({ s: 1741000000 })],
    ['a hash', line({ hash: 'a13800001234bf6c0e6a1b2c3d4e5f60718293a4b5c6d7e8f9013800001234' })],
    ['a base64url digest', line({ d: 'Zx-ABCDEFGH-Q2r_a13800001234w' })],
    ['a message id', line({ messageId: 'cmxckv2a0001tbq7dawrvgifv', roomId: 'cmxckw14m0005@chatroom' })],
    ['an outbox id with its room masked', line({ outboxId: 'plan:u_stm77gbs3t4sblui:2:***:cmxckvc77' })],
    [
      'a sequence number at the end of an id',
      line({ outboxId: 'announce:u_abc:302', caseEvent: 'u_abc:1201' }),
    ],
    ['a deadline key', line({ deadline: 'ballot.remind:u_abc:b_abc_4cuwpghy:2026-11-27' })],
    ['a redacted field', line({ name: '[redacted]', room: '[redacted]', owners: '[redacted]' })],
    ['numbers that are not rooms', line({ seq: 302, attempts: 1201, port: 33103 })],
    [
      'a stack trace',
      line({ err: { stack: 'Error: x\n    at Mocker.roomPayload (/a/mocker.ts:290:13)', code: 11000 } }),
    ],
    ['error codes and upper-case words', line({ err: { message: 'E11000 ECONNRESET MONGODB_URI GError' } })],
    ['an 8-digit number', line({ n: '20250303' })],
    [
      'the unit and ballot ids',
      line({ unitId: 'u_demoestateunitaa', ballotId: 'b_demoestateunitaa_7foqgvcs' }),
    ],
    ['a chat room id key', line({ roomId: 'no-such-room@chatroom', chatroom: 'r1' })],
  ])('passes %s', (_what, text) => expect(kinds(text)).toEqual([]));
});

describe('scanning a capture directory', () => {
  it('locates each finding by file and line, and says how many of each kind', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jiati-scan-'));
    try {
      writeFileSync(path.join(dir, 'a.ndjson'), `${line({ ok: 1 })}\n${line({ who: '王阿姨' })}\n`);
      writeFileSync(path.join(dir, 'b.ndjson'), `${line({ to: '13900005678', code: 'ZZ99YY88' })}\n`);
      writeFileSync(path.join(dir, 'ignored.txt'), '13900005678\n');
      const report = scanCaptureDirectory(dir, rules);
      expect({ files: report.files, lines: report.lines }).toEqual({ files: 2, lines: 3 });
      expect(report.leaks.map((leak) => [leak.file, leak.line, leak.kind])).toEqual([
        ['a.ndjson', 2, 'cjk'],
        ['b.ndjson', 1, 'phone'],
        ['b.ndjson', 1, 'binding_code'],
      ]);
      const described = describeLeaks(report);
      expect(described).toMatch(
        /^privacy scan: 3 findings \(1 cjk, 1 phone, 1 binding_code\) in 3 log lines/,
      );
      expect(described).toContain('a.ndjson:2 cjk at who: 王阿姨');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads every kind it can report', () => {
    const all: LeakKind[] = ['phone', 'cjk', 'unredacted', 'room', 'token', 'binding_code', 'not_json'];
    const found = new Set(
      [line({ a: '13800001234', b: '李', room: '302', c: ADMIN_TOKEN, d: '8K3M2PQ7' }), 'not json'].flatMap(
        (text) => scanLogLine(text, rules).map((leak) => leak.kind),
      ),
    );
    expect([...found].sort()).toEqual([...all].sort());
  });
});
