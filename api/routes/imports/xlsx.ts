import ExcelJS from 'exceljs';
import { DomainError } from '../../../domain/errors.js';
import type { Cell, TableRow } from './table.js';
import { checkZip } from './zip-guard.js';

/** How much an .xlsx may unpack to: a roster of 500 flats is well under 1 MB of sheet XML. */
export const XLSX_UNPACKED_LIMIT_BYTES = 20 * 1024 * 1024;
/** Columns read from each row: a roster has about ten. */
const MAX_COLUMNS = 100;

function unreadable(reason: string, message: string): DomainError {
  return new DomainError('unreadable_file', message, { reason });
}

/** A cell's value as the table reads it: text, a number, a yes/no or a date; formulas by their result. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return cellOf(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
  // A formula with no cached result (never calculated): nothing to read.
  return '';
}

/**
 * The rows of an .xlsx workbook's first visible sheet, numbered as the sheet numbers them, each cell
 * read by {@link cellOf} (a merged cell gives every row it spans its value: a floor merged over two
 * flats fills both). The file is parsed with exceljs after {@link checkZip} has bounded what it
 * unpacks to. Refused (400 `unreadable_file`): not an .xlsx (`not_xlsx`, an old .xls included),
 * unpacking past {@link XLSX_UNPACKED_LIMIT_BYTES} (`unpacked_too_large`), no visible sheet
 * (`no_sheet`).
 */
export async function readXlsx(bytes: Buffer): Promise<TableRow[]> {
  const zip = checkZip(bytes, XLSX_UNPACKED_LIMIT_BYTES);
  if (zip === 'unpacked_too_large') throw unreadable(zip, 'The workbook unpacks to too much.');
  if (zip !== 'ok') throw unreadable('not_xlsx', 'The file is not an .xlsx workbook.');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's own Buffer type predates Node's generic one; the bytes are a plain Buffer.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadable('not_xlsx', 'The file is not an .xlsx workbook.');
  }
  const sheet = workbook.worksheets.find((candidate) => candidate.state === 'visible');
  if (sheet === undefined) throw unreadable('no_sheet', 'The workbook has no visible sheet.');
  const rows: TableRow[] = [];
  sheet.eachRow((row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let column = 1; column < Math.min(values.length, MAX_COLUMNS + 1); column++) {
      cells.push(cellOf(values[column]));
    }
    rows.push({ row: number, cells });
  });
  return rows;
}
