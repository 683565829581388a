/**
 * The documents' font covers every character the documents themselves write: each sentence of
 * `messages/records.ts` (and the plan's and ballot's words the records reuse) renders as Chinese, not
 * as tofu boxes. Names and free text come from people and may hold a rarer character; the font's
 * 30,888 glyphs cover GB 18030's common set, not every extension-B ideograph.
 */
import { describe, expect, it } from '@jest/globals';
import { fontCovers } from '../../api/documents/pdf.js';
import * as messages from '../../messages/index.js';

/** Every string the records module exports, and what its sentence functions say for sample input. */
function recordSentences(): string[] {
  const m = messages;
  const sample = { code: '8K3M2P9Q', expiresOn: '2025-04-02' };
  return [
    m.SLIP_TITLE,
    m.SLIP_QR_CAPTION,
    m.PUBLICITY_TITLE,
    m.PUBLICITY_NO_COST,
    m.TOTAL_WORD,
    ...m.PUBLICITY_HOW_TO_OBJECT,
    ...m.CHECK_COLUMNS,
    ...Object.values(m.SHEET_WORDS),
    ...Object.values(m.RECORD_FILE_WORDS),
    ...Object.values(m.VOTE_CHANNEL_WORDS),
    ...Object.values(m.MATTER_WORDS),
    ...Object.values(m.AREA_SOURCE_WORDS),
    ...Object.values(m.SCHEME_WORDS),
    ...m.slipHowTo(sample),
    m.slipRoom('302'),
    m.slipsSheetHeading({ unitName: '演示新村 12幢2单元', count: 12, issuedAt: '2025年3月3日 10:00' }),
    ...m.publicityPeriodLines({ startedOn: '2025-03-10', endsOn: '2025-03-20', days: 10, provisional: true }),
    ...m.publicitySignature('2025-03-10'),
    m.publicityOpening({ unitName: '演示新村 12幢2单元', signedOn: '2025-03-10' }),
    ...m.ballotRecordColumns(true),
    ...m.rosterColumns(true, true),
    m.rosterHeading({ unitName: '演示新村', flats: 12, named: false }),
    ...m.rosterPlanRows({ version: 1, title: '方案' }).map(([label]) => label),
    m.pageFooter({ madeAt: '2025年3月10日 10:00', page: 1, pages: 2 }),
    ...m.ballotRecordHeading({
      unitName: '演示新村',
      title: '加装电梯表决',
      matter: 'major',
      opensAt: '2025年3月3日 10:00',
      endedAt: '2025年3月10日 10:00',
      status: 'cancelled',
      cancelReason: '名册有误',
      named: false,
    }).lines,
    m.voteCountsWords({ counts: true, valid: true }, true),
    m.voteCountsWords({ counts: false, valid: false }, false),
    m.voteCountsWords({ counts: false, valid: true }, false),
    m.voteCountsWords({ counts: true, valid: true }, false, true),
    m.choiceWords(undefined),
  ];
}

describe('the documents’ font', () => {
  it('has a glyph for every character the records write', () => {
    const missing = recordSentences().filter((sentence) => !fontCovers(sentence));
    expect(missing).toEqual([]);
  });

  it('has the characters of common names and of the units’ addresses', () => {
    expect(
      fontCovers('欧阳娜娜 诸葛亮 司马懿 熊猫 嬿 瑄 珺 堃 喆 镕 彧 浙江省杭州市拱墅区 12幢2单元 ㎡ ¥'),
    ).toBe(true);
  });

  it('tells a character it lacks (an extension-B ideograph)', () => {
    expect(fontCovers('𠀀')).toBe(false);
  });
});
