import { z } from 'zod';
import { AREA_SOURCES } from '../../../domain/vote/index.js';
import { IMPORT_COLUMN_WORDS, IMPORT_FIELDS } from '../../../messages/roster-import.js';
import { FILE_BODY_LIMIT_BYTES, FILE_MEDIA_TYPES } from '../../middleware/file-body.js';
import { named } from '../../openapi/registry.js';
import { Reason, RosterUpdateView, UnitView } from '../units/schema.js';
import { Whole } from '../views.js';
import { MAX_FLATS } from './table.js';
import { XLSX_UNPACKED_LIMIT_BYTES } from './xlsx.js';

const NamePart = z.string().trim().min(1).max(100);

/**
 * The query of an import. A CSV or Excel file holds only the flats: what the JSON body says beside
 * them comes here. `areaSource` is the area source of the rows whose file has no such column, or
 * leaves its cell empty (a JSON body names each flat's own).
 */
const ImportQuery = z.object({ areaSource: z.enum(AREA_SOURCES).optional() });

/** `POST /units/import?name=…`: the unit's name and address parts, for a file. */
export const ImportUnitQuery = ImportQuery.extend({
  name: NamePart.optional(),
  district: NamePart.optional(),
  subdistrict: NamePart.optional(),
  community: NamePart.optional(),
  building: NamePart.optional(),
  unit: NamePart.optional(),
});
export type ImportUnitQuery = z.infer<typeof ImportUnitQuery>;

/** `PUT /units/:unitId/flats/import?reason=…`: why the roster changed, for a file. */
export const ImportRosterQuery = ImportQuery.extend({ reason: Reason.optional() });
export type ImportRosterQuery = z.infer<typeof ImportRosterQuery>;

// ——— Files ———

const MB = (bytes: number) => `${bytes / (1024 * 1024)} MB`;
const COLUMNS = IMPORT_FIELDS.map((field) => `${IMPORT_COLUMN_WORDS[field]} (${field})`).join(', ');
const TABLE =
  `A header row naming the columns, in Chinese or English — ${COLUMNS}; 房号, 楼层, 面积 and 业主 are ` +
  `required, 面积来源 may come from the query (\`areaSource\`), and other columns (备注, 序号…) are ` +
  `ignored — then one flat a row, at most ${MAX_FLATS}. Several owners of a flat in one cell are ` +
  'separated by 、 , ; or /; yes/no cells are 是 or 否. Every bad row is listed at once ' +
  '(422 `roster_import_invalid`, by its row in the file and its column), and nothing is stored.';

/** The files the import routes read besides JSON, by media type, as the API reference describes them. */
export const ROSTER_FILES: Readonly<Record<string, string>> = {
  [FILE_MEDIA_TYPES.csv[0]]:
    `A CSV roster. ${TABLE} UTF-8 (a leading BOM is dropped), or GB18030 when the Content-Type says ` +
    '`charset=gbk`, `gb2312` or `gb18030`; `Content-Encoding: gzip` or `deflate` is read. At most ' +
    `${MB(FILE_BODY_LIMIT_BYTES)}.`,
  [FILE_MEDIA_TYPES.xlsx[0]]:
    `An Excel workbook (.xlsx; not an old .xls): its first visible sheet. ${TABLE} At most ` +
    `${MB(FILE_BODY_LIMIT_BYTES)}, unpacking to at most ${MB(XLSX_UNPACKED_LIMIT_BYTES)}.`,
};

// ——— Answers ———

/** What an import read: the format, the flats, the columns not read, and a CSV's encoding. */
export const ImportSummaryView = named(
  'ImportSummary',
  z.strictObject({
    format: z.enum(['json', 'csv', 'xlsx']),
    flats: Whole,
    ignoredColumns: z.array(z.string()),
    encoding: z.enum(['utf-8', 'gb18030']).optional(),
  }),
);

/** `POST /units/import`: the unit registered, as `POST /units` answers, and what the import read. */
export const UnitImportedView = named('UnitImported', UnitView.extend({ import: ImportSummaryView }));

/** `PUT /units/:unitId/flats/import`: as `PUT /units/:unitId/flats` answers, and what the import read. */
export const RosterImportedView = named(
  'RosterImported',
  UnitView.extend({ rosterUpdate: RosterUpdateView, import: ImportSummaryView }),
);
