/**
 * Spreadsheets the committee downloads (exceljs): a heading line, a bold header row frozen above the
 * data, columns wide enough for Chinese text, numbers as numbers (areas to two places, money in yuan
 * to the fen) so the committee can add them up.
 */
import ExcelJS from 'exceljs';

/** A cell as the sheets write it: text, a number (with its format), or empty. */
export type SheetCell = string | number | { readonly value: number; readonly format: string } | undefined;

/** Two places, as areas in m² are kept (0.01 m²). */
export const AREA_FORMAT = '0.00';
/** Yuan to the fen, with thousands separators. */
export const YUAN_FORMAT = '#,##0.00';

/** A number to show with `format`. */
export const numberCell = (value: number, format: string): SheetCell => ({ value, format });

/** The width a column needs for `text`, counting a CJK character as two. */
function widthOf(text: string): number {
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return width;
}

/**
 * Adds a sheet: `heading` in its first row (bold), then `header` (bold, grey, frozen), then `rows`.
 * Each column as wide as its widest cell (within limits).
 */
export function addTable(
  book: ExcelJS.Workbook,
  name: string,
  input: { heading?: string; header: readonly string[]; rows: readonly (readonly SheetCell[])[] },
): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name);
  let first = 1;
  if (input.heading !== undefined) {
    sheet.getCell(1, 1).value = input.heading;
    sheet.getCell(1, 1).font = { bold: true, size: 13 };
    first = 2;
  }
  const headerRow = sheet.getRow(first);
  input.header.forEach((text, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  sheet.views = [{ state: 'frozen', ySplit: first }];
  const widths = input.header.map(widthOf);
  input.rows.forEach((cells, r) => {
    const row = sheet.getRow(first + 1 + r);
    cells.forEach((value, i) => {
      if (value === undefined || value === '') return;
      const cell = row.getCell(i + 1);
      if (typeof value === 'object') {
        cell.value = value.value;
        cell.numFmt = value.format;
        widths[i] = Math.max(widths[i] ?? 0, String(value.value).length + 3);
      } else {
        cell.value = value;
        widths[i] = Math.max(widths[i] ?? 0, widthOf(String(value)));
      }
    });
  });
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = Math.min(Math.max(width + 2, 8), 60);
  });
  return sheet;
}

/** A new workbook, its creator and dates set (`now`: when the record was made). */
export function newWorkbook(now: Date): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Jiati';
  book.created = now;
  book.modified = now;
  return book;
}

/** The workbook's `.xlsx` bytes. */
export async function xlsxBytes(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}
