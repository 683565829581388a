/**
 * What the committee reads when a roster they import (a CSV or Excel file, or a JSON list) has
 * problems: one plain sentence per bad cell, saying what to write instead, and the one summary of
 * every bad row (一次性告知: every problem at once, nothing stored). Pure: no I/O.
 */

/** The columns of an imported roster, by the field of a flat they fill. */
export const IMPORT_FIELDS = [
  'room',
  'floor',
  'area',
  'areaSource',
  'owners',
  'phone',
  'ownerKey',
  'developerStock',
  'elderly',
  'disabled',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Each column's name as people write it in a header (the first of its accepted names). */
export const IMPORT_COLUMN_WORDS: Readonly<Record<ImportField, string>> = {
  room: '房号',
  floor: '楼层',
  area: '面积',
  areaSource: '面积来源',
  owners: '业主',
  phone: '电话',
  ownerKey: '业主编号',
  developerStock: '开发商房源',
  elderly: '老人',
  disabled: '残疾人',
};

const YES_NO = '这一格请写「是」或「否」，不是也可以空着。';

/** What a cell of each column must hold, said as what to write. */
export const IMPORT_FIELD_PROBLEMS: Readonly<Record<ImportField, string>> = {
  room: '房号只能用字母、数字和「-」，最多 16 个字，例如 1201、B-302。',
  floor: '楼层要写 1 到 200 之间的整数，例如 3。',
  area: '面积要写大于 0 的平方米数，最多两位小数，例如 72.50。',
  areaSource: '面积来源要写「登记」「测绘」或「合同」中的一个。',
  owners: '要写业主姓名（每位最多 64 个字，最多 20 位，用「、」隔开）；只有开发商未售的房子可以不写。',
  phone: '电话只能有数字、空格和「-」，例如 13800001234；几位业主的电话按顺序用「、」隔开。',
  ownerKey: '业主编号只能用字母、数字、「_」和「-」，最多 32 个字，也不能是 developer 或以 room: 开头。',
  developerStock: YES_NO,
  elderly: YES_NO,
  disabled: YES_NO,
};

/** The sentences of the import's other problems (a row, a column, the file as a whole). */
export const IMPORT_PROBLEMS = {
  /** A room already on an earlier row. */
  duplicateRoom: (firstRow: number) => `这个房号和第 ${firstRow} 行重复了，一户只能登记一次。`,
  /** More phones than owners in one row: they could not be matched. */
  morePhonesThanOwners: '电话比业主多：电话要按业主的顺序一一对应，用「、」隔开。',
  /** A spreadsheet turned the cell into a date (`5-1` typed as a room). */
  dateCell: '这一格被表格当成了日期：请把这一列设成「文本」格式后重新填写。',
  /** A row of a JSON list that is not an object. */
  notAFlat: '这一行不是一户的资料，要写成 { room, floor, area, areaSource, owners } 的样子。',
  missingColumn: (word: string) => `缺少「${word}」这一列，请在表头加上。`,
  missingAreaSource:
    '缺少「面积来源」这一列：请加上这一列（登记、测绘或合同），或在上传地址里写明 areaSource=register（或 survey、contract）。',
  duplicateColumn: (word: string, headers: readonly string[]) =>
    `「${word}」有 ${headers.length} 列（${headers.join('、')}），请只留一列。`,
  noRows: '名单里一户也没有：表头下面每户写一行。',
  tooManyRows: (max: number, count: number) => `名单最多 ${max} 户，这里有 ${count} 户，请分开登记。`,
  notAList: '房屋名单要写成一个列表（flats），每户一项。',
  name: '请写明单元名称，最多 100 个字（上传文件时，写在上传地址的 name 参数里）。',
  address: '单元地址的各部分（区、街道、社区、幢、单元）每项最多 100 个字。',
  reason: '请写明这次修改名单的原因，最多 200 个字（上传文件时，写在上传地址的 reason 参数里）。',
} as const;

/** `第 3、5、9 行` — at most `max` rows named, then `等 12 行`. */
function rowsWords(rows: readonly number[], max = 20): string {
  const named = rows.slice(0, max).join('、');
  return rows.length > max ? `第 ${named} 等 ${rows.length} 行` : `第 ${named} 行`;
}

/**
 * The summary of a refused import: the problems of the whole (a missing column, the unit's name)
 * first, then how many rows are bad and which. Every problem itself is in the answer's details.
 */
export function importProblemsSummary(rows: readonly number[], others: readonly string[]): string {
  const parts = [...others];
  if (rows.length > 0) parts.push(`有 ${rows.length} 行要修改：${rowsWords(rows)}。`);
  if (parts.length === 0) parts.push('房屋名单有问题。');
  return `${parts.join('')}这次什么都没有保存，请全部改好后重新提交整份名单。`;
}

/** Why an uploaded file could not be read, by reason. */
const UNREADABLE: Readonly<Record<string, string>> = {
  not_utf8:
    '文件不是 UTF-8 编码的 CSV：请在表格软件里「另存为」→「CSV UTF-8（逗号分隔）」后再上传，或直接上传 .xlsx 文件。',
  unclosed_quote: 'CSV 文件里有一个引号没有配对，请检查这一行。',
  not_xlsx: '文件不是有效的 Excel（.xlsx）文件；旧的 .xls 文件请先另存为 .xlsx。',
  unpacked_too_large: 'Excel 文件解开后太大，请只保留房屋名单这一张表再上传。',
  no_sheet: 'Excel 文件里没有可以读的工作表。',
  empty: '文件是空的：第一行写表头（房号、楼层、面积、业主……），下面每户一行。',
};

/** The sentence for an upload that could not be read (`unreadable_file`). */
export function unreadableFileWords(reason: string | undefined, row: number | undefined): string {
  const words = (reason === undefined ? undefined : UNREADABLE[reason]) ?? '文件读不出来，请检查后重新上传。';
  return reason === 'unclosed_quote' && row !== undefined ? words.replace('这一行', `第 ${row} 行`) : words;
}

/** The formats an import takes, for a request in another one. */
export const IMPORT_FORMATS_WORDS = '只能上传 JSON、CSV（UTF-8 编码）或 Excel（.xlsx）文件，请检查文件格式。';
