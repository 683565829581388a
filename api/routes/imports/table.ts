/**
 * A roster table (the rows of a CSV file or of an Excel sheet) read into flats as `POST /units` takes
 * them: the header row names the columns (Chinese or English), each row below it is one flat. Nothing
 * here decides whether a flat is valid: cells are only converted (a number of an Excel cell to text,
 * `3楼` to 3, `是` to true) and what cannot be converted is passed on as it is, so the row check
 * (`check.ts`) names it with the same rules as registration.
 */
import type { AreaSource } from '../../../domain/vote/index.js';
import {
  IMPORT_COLUMN_WORDS,
  IMPORT_FIELDS,
  IMPORT_PROBLEMS,
  type ImportField,
} from '../../../messages/roster-import.js';

/** One cell: text (CSV, an Excel text cell), or an Excel number, yes/no or date; `''` when empty. */
export type Cell = string | number | boolean | Date;

/** One row of a table, numbered as in the file (from 1, the header row included). */
export interface TableRow {
  readonly row: number;
  readonly cells: readonly Cell[];
}

/** A problem of one row's cell found while reading it (before the rules are checked). */
export interface CellProblem {
  readonly field: ImportField;
  readonly message: string;
}

/** One flat read from a row: the candidate body of a flat, its row in the file, what reading found. */
export interface ReadRow {
  readonly row: number;
  readonly flat: Record<string, unknown>;
  readonly problems: readonly CellProblem[];
}

/** A problem of the table as a whole (a column missing or twice). */
export interface TableProblem {
  readonly field: 'columns';
  readonly column?: string;
  readonly message: string;
}

/** The table read: its flats, the header text of each column it used, and the columns it ignored. */
export interface ReadTable {
  readonly rows: readonly ReadRow[];
  /** The header of each field's column as written in the file (`面积(㎡)`). */
  readonly headers: Partial<Record<ImportField, string>>;
  readonly ignoredColumns: readonly string[];
  readonly problems: readonly TableProblem[];
  /** Fields whose column is missing: said once among the problems, not again on every row. */
  readonly missing: readonly ImportField[];
}

/** The names a header may give each column, compared after {@link headerKey}. */
const HEADER_NAMES: Readonly<Record<ImportField, readonly string[]>> = {
  room: ['房号', '房间号', '室号', '户号', '门牌号', 'room', 'roomno', 'roomnumber'],
  floor: ['楼层', '层', '所在楼层', '层数', 'floor'],
  area: ['面积', '建筑面积', '房屋面积', '专有面积', '产权面积', 'area'],
  areaSource: ['面积来源', '面积依据', 'areasource'],
  owners: [
    '业主',
    '业主姓名',
    '姓名',
    '产权人',
    '所有权人',
    '业主名',
    'owner',
    'owners',
    'ownername',
    'ownernames',
    'name',
    'names',
  ],
  phone: ['电话', '联系电话', '手机', '手机号', '手机号码', '电话号码', 'phone', 'phones', 'mobile', 'tel'],
  ownerKey: ['业主编号', 'ownerkey'],
  developerStock: ['开发商房源', '开发商未售', '开发商', 'developerstock', 'developer'],
  elderly: ['老人', '有老人', '高龄', '老年人', 'elderly'],
  disabled: ['残疾人', '有残疾人', '残疾', '残障', 'disabled'],
};

const FIELD_OF_HEADER = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) => HEADER_NAMES[field].map((name) => [name, field] as const)),
);

/** The columns every roster needs (the area source may come from the request instead). */
const REQUIRED: readonly ImportField[] = ['room', 'floor', 'area', 'owners'];

/** The most flats one roster holds (as `POST /units`). */
export const MAX_FLATS = 500;

/**
 * A header compared loosely: full-width forms folded (NFKC), lower case, without spaces, `_`, `-`,
 * a required-marker `*` or a bracketed unit or note (`面积（㎡）`, `Owner name(s)`).
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s_*:-]/g, '');
}

/** A cell as text, trimmed (`''` for an empty cell); an Excel number as JavaScript writes it. */
function text(cell: Cell | undefined): string {
  if (cell === undefined || cell instanceof Date) return '';
  return String(cell).trim();
}

function isBlank(row: TableRow): boolean {
  return row.cells.every((cell) => !(cell instanceof Date) && text(cell) === '');
}

/** A floor: an Excel number as it is; text folded (NFKC) and without `楼`, `层` or `F` (`3楼` → 3). */
function floorOf(cell: Cell): unknown {
  if (typeof cell === 'number') return cell;
  const folded = text(cell)
    .normalize('NFKC')
    .replace(/\s*(楼|层|f)$/i, '');
  return /^[0-9]{1,9}$/.test(folded) ? Number(folded) : text(cell);
}

/** An area as text: folded (NFKC) and without a unit (`72.50㎡`, `72.5 平方米` → `72.50`, `72.5`). */
function areaOf(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  return text(cell)
    .normalize('NFKC')
    .replace(/\s*(m2|m²|平方米|平米)$/i, '');
}

const AREA_SOURCE_WORDS: Readonly<Record<string, AreaSource>> = {
  register: 'register',
  登记: 'register',
  不动产登记: 'register',
  产权登记: 'register',
  产权证: 'register',
  房产证: 'register',
  不动产权证: 'register',
  survey: 'survey',
  测绘: 'survey',
  实测: 'survey',
  测量: 'survey',
  contract: 'contract',
  合同: 'contract',
  购房合同: 'contract',
};

/** An area source by its English or Chinese name; anything else passed on as written. */
function areaSourceOf(cell: Cell): string | undefined {
  const written = text(cell);
  if (written === '') return undefined;
  return AREA_SOURCE_WORDS[written.normalize('NFKC').toLowerCase()] ?? written;
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '✔']);
const NO = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '✗']);

/** A yes/no cell: empty is "not said"; a word that is neither is passed on as written. */
function yesNoOf(cell: Cell): unknown {
  if (typeof cell === 'boolean') return cell;
  const written = text(cell).normalize('NFKC').toLowerCase();
  if (written === '') return undefined;
  if (YES.has(written)) return true;
  if (NO.has(written)) return false;
  return text(cell);
}

/** Names or phones of one cell, split at `、`, commas, semicolons, `/` or line breaks. */
function listOf(cell: Cell): string[] {
  return text(cell)
    .split(/[、,，;；/\n]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The columns a header row names: the field of each column, the headers used, those ignored. */
function readHeader(header: TableRow) {
  const columnOf = new Map<ImportField, number[]>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((cell, column) => {
    const written = text(cell);
    if (written === '') return;
    const field = FIELD_OF_HEADER.get(headerKey(written));
    if (field === undefined) ignoredColumns.push(written);
    else columnOf.set(field, [...(columnOf.get(field) ?? []), column]);
  });
  return { columnOf, ignoredColumns };
}

/**
 * Reads a table whose first non-blank row is its header. Blank rows are skipped (their numbers still
 * count, so every row keeps its number in the file). `areaSource` is the area source of the rows whose
 * file has no such column or leaves the cell empty.
 */
export function readTable(table: readonly TableRow[], options: { areaSource?: AreaSource }): ReadTable {
  const nonBlank = table.filter((row) => !isBlank(row));
  const [header, ...body] = nonBlank;
  if (header === undefined) return { rows: [], headers: {}, ignoredColumns: [], problems: [], missing: [] };
  const { columnOf, ignoredColumns } = readHeader(header);
  const problems: TableProblem[] = [];
  const headers: Partial<Record<ImportField, string>> = {};
  for (const [field, columns] of columnOf) {
    const written = columns.map((column) => text(header.cells[column]));
    headers[field] = written[0]!;
    if (columns.length > 1) {
      problems.push({
        field: 'columns',
        column: written[0]!,
        message: IMPORT_PROBLEMS.duplicateColumn(IMPORT_COLUMN_WORDS[field], written),
      });
    }
  }
  const missing = REQUIRED.filter((field) => !columnOf.has(field));
  for (const field of missing) {
    problems.push({ field: 'columns', message: IMPORT_PROBLEMS.missingColumn(IMPORT_COLUMN_WORDS[field]) });
  }
  if (!columnOf.has('areaSource') && options.areaSource === undefined) {
    problems.push({ field: 'columns', message: IMPORT_PROBLEMS.missingAreaSource });
    missing.push('areaSource');
  }
  const rows = body.map((row): ReadRow => {
    const cell = (field: ImportField): Cell => {
      const column = columnOf.get(field)?.[0];
      return column === undefined ? '' : (row.cells[column] ?? '');
    };
    const cellProblems: CellProblem[] = [];
    for (const field of columnOf.keys()) {
      if (cell(field) instanceof Date) cellProblems.push({ field, message: IMPORT_PROBLEMS.dateCell });
    }
    const names = listOf(cell('owners'));
    const phones = listOf(cell('phone'));
    if (phones.length > names.length) {
      cellProblems.push({ field: 'phone', message: IMPORT_PROBLEMS.morePhonesThanOwners });
    }
    const flat: Record<string, unknown> = {
      room: text(cell('room')).normalize('NFKC'),
      floor: floorOf(cell('floor')),
      area: areaOf(cell('area')),
      areaSource: areaSourceOf(cell('areaSource')) ?? options.areaSource,
      owners: names.map((name, index) =>
        phones[index] === undefined ? { name } : { name, phone: phones[index] },
      ),
    };
    const ownerKey = text(cell('ownerKey'));
    if (ownerKey !== '') flat.ownerKey = ownerKey;
    for (const field of ['developerStock', 'elderly', 'disabled'] as const) {
      const value = yesNoOf(cell(field));
      if (value !== undefined) flat[field] = value;
    }
    // An empty cell is left out, so the check names it as missing rather than as malformed.
    for (const field of ['room', 'floor', 'area'] as const) if (flat[field] === '') delete flat[field];
    return { row: row.row, flat, problems: cellProblems };
  });
  return { rows, headers, ignoredColumns, problems, missing };
}
