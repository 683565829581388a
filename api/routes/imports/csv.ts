import { DomainError } from '../../../domain/errors.js';
import type { TableRow } from './table.js';

/** The encodings a CSV may come in: UTF-8 (a BOM tolerated), or GB18030 (GBK) when it says so. */
const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030']);

/** The text of a CSV file and the encoding it was read in. */
export interface CsvText {
  readonly text: string;
  readonly encoding: 'utf-8' | 'gb18030';
}

function notUtf8(): DomainError {
  return new DomainError('unreadable_file', 'The CSV file is not UTF-8 text.', { reason: 'not_utf8' });
}

/**
 * Decodes a CSV upload. `charset` is the one its `Content-Type` names: none or `utf-8` reads UTF-8
 * strictly, dropping a leading BOM (spreadsheets write one); `gbk`, `gb2312` or `gb18030` (what a
 * spreadsheet on a Chinese system saves as plain "CSV") reads GB18030. A UTF-8 file that is not
 * valid UTF-8 is refused (400 `unreadable_file`, `not_utf8`) rather than guessed at, since names
 * would come out garbled; another charset is a 415.
 */
export function decodeCsv(bytes: Uint8Array, charset: string): CsvText {
  const name = charset.trim().toLowerCase();
  let encoding: CsvText['encoding'];
  if (name === '' || name === 'utf-8' || name === 'utf8') encoding = 'utf-8';
  else if (GB_CHARSETS.has(name)) encoding = 'gb18030';
  else {
    throw new DomainError('unsupported_media_type', `A CSV in ${name} is not read.`, {
      accepted: ['text/csv; charset=utf-8', 'text/csv; charset=gbk'],
    });
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw notUtf8();
  }
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, encoding };
}

/**
 * Splits CSV text (RFC 4180) into rows of cells, each row numbered as a spreadsheet numbers it (from
 * 1, counting every record, blank ones too; a quoted cell may hold line breaks). Cells are separated
 * by commas — or by tabs when the first line has tabs and no comma (a sheet copied as text). `""`
 * inside quotes is one quote; a quote inside an unquoted cell is kept as it is. An opened quote that
 * never closes is refused (400 `unreadable_file`, `unclosed_quote`, with the row it opened on).
 */
export function parseCsv(text: string): TableRow[] {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const separator = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let row = 1;
  let quoteRow = 0;
  const endRow = () => {
    cells.push(cell);
    rows.push({ row, cells });
    cells = [];
    cell = '';
    row++;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (char === '"' && cell === '') {
      quoted = true;
      quoteRow = row;
    } else if (char === separator) {
      cells.push(cell);
      cell = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += char;
  }
  if (quoted) {
    throw new DomainError('unreadable_file', `A quote opened on row ${quoteRow} never closes.`, {
      reason: 'unclosed_quote',
      row: quoteRow,
    });
  }
  // A last line without its line break is still a row; the break after the last row starts none.
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}
