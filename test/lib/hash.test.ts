/**
 * Canonical JSON and the hash chain with text that is not well-formed UTF-16: a lone surrogate, which a
 * chat client or a JSON body can carry, is hashed as the database keeps it (U+FFFD), so the stored
 * chain still verifies (found by the chat fuzz test: `\ud800２` was a vote whose event broke its chain).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canonicalJson, wellFormed } from '../../lib/hash.js';
import { CaseStreams, EMPTY_HEAD, verifyChain } from '../../models/case-stream.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

describe('canonicalJson', () => {
  it('sorts keys, drops undefined properties and writes dates as ISO strings', () => {
    expect(canonicalJson({ b: 1, a: [true, null], c: undefined, d: new Date(0) })).toBe(
      '{"a":[true,null],"b":1,"d":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it.each([
    ['a lone high surrogate', '\ud800２', '\ufffd２'],
    ['a lone low surrogate', 'x\udfff', 'x\ufffd'],
    ['two lone halves in the wrong order', '\udc00\ud800', '\ufffd\ufffd'],
  ])('writes %s as U+FFFD, as the database keeps it', (_what, text, kept) => {
    expect(wellFormed(text)).toBe(kept);
    expect(canonicalJson({ text, [text]: 1 })).toBe(canonicalJson({ text: kept, [kept]: 1 }));
  });

  it('leaves well-formed text, surrogate pairs included, as it is', () => {
    for (const text of ['同意👍', '👨‍👩‍👧', '\u0000\u202e', '']) expect(wellFormed(text)).toBe(text);
    expect(canonicalJson('同意👍')).toBe('"同意👍"');
  });
});

describe('a chain with a lone surrogate in an event', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('hash');
  });
  afterAll(async () => {
    await db.close();
  });

  it('still verifies after the database stored the text with U+FFFD', async () => {
    const streams = new CaseStreams(db.models.caseEvents);
    const event = (text: string) => ({
      type: 'Noted',
      data: { text },
      actor: { kind: 'resident' as const, id: 'wx-li' },
      channel: 'wechat' as const,
      at: new Date('2025-03-03T02:00:00.000Z'),
    });
    const first = await streams.append('c-surrogate', EMPTY_HEAD, event('\ud800２'));
    await streams.append('c-surrogate', first, event('ok'));
    const stored = await db.models.caseEvents.findById('c-surrogate:1').lean().exec();
    expect((stored!.data as { text: string }).text).toBe('\ufffd２');
    expect(await verifyChain(db.models.caseEvents, 'c-surrogate')).toEqual({
      caseId: 'c-surrogate',
      events: 2,
      ok: true,
    });
  });
});
