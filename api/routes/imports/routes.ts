import type Router from '@koa/router';
import { registerUnitAs } from '../../../commands/scope.js';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readUnit } from '../../../commands/read-case.js';
import { updateRoster } from '../../../commands/update-roster.js';
import { DomainError } from '../../../domain/errors.js';
import { IMPORT_COLUMN_WORDS, IMPORT_PROBLEMS } from '../../../messages/roster-import.js';
import { validationError } from '../../middleware/errors.js';
import {
  FILE_BODY_LIMIT_BYTES,
  readFileBody,
  uploadFormat,
  type UploadFormat,
} from '../../middleware/file-body.js';
import { validate } from '../../middleware/validate.js';
import { presentRosterUpdate } from '../../presenters/roster-update.js';
import { createRouter } from '../../router.js';
import { actorOf, apiMeta } from '../meta.js';
import { presentUnitTo } from '../units/routes.js';
import { RegisterUnitBody, UnitParams, UpdateRosterBody } from '../units/schema.js';
import { checkRows, type RowField, type RowProblem, type RowToCheck } from './check.js';
import { decodeCsv, parseCsv } from './csv.js';
import {
  ImportRosterQuery,
  ImportUnitQuery,
  ROSTER_FILES,
  RosterImportedView,
  UnitImportedView,
} from './schema.js';
import { MAX_FLATS, readTable, type TableRow } from './table.js';
import { readXlsx } from './xlsx.js';

/** Register a new unit, or replace the roster of a registered one. */
type Mode = 'register' | 'update';

/** A problem of the import as a whole: a field beside the flats, a column, the number of rows. */
interface FieldProblem {
  readonly field: string;
  readonly column?: string;
  readonly message: string;
}

/** What the import read, told in the answer beside the unit. */
interface ImportSummary {
  readonly format: UploadFormat;
  readonly flats: number;
  /** Header cells of columns that are not roster fields: not read (a 备注 or 序号 column). */
  readonly ignoredColumns: readonly string[];
  /** A CSV's text encoding. */
  readonly encoding?: string;
}

/** The body of each mode with its flats unchecked: the fields beside them are checked first. */
const OUTER: Record<Mode, z.ZodType> = {
  register: RegisterUnitBody.extend({ flats: z.array(z.unknown()) }),
  update: UpdateRosterBody.extend({ flats: z.array(z.unknown()) }),
};
const BODY: Record<Mode, z.ZodType> = { register: RegisterUnitBody, update: UpdateRosterBody };

const OUTER_WORDS: Readonly<Record<string, string>> = {
  name: IMPORT_PROBLEMS.name,
  address: IMPORT_PROBLEMS.address,
  reason: IMPORT_PROBLEMS.reason,
  flats: IMPORT_PROBLEMS.notAList,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problems of the fields beside the flats (name, address, reason; flats that are not a list). */
function outerProblems(mode: Mode, body: Record<string, unknown>): FieldProblem[] {
  const parsed = OUTER[mode].safeParse(body);
  if (parsed.success) return [];
  const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'flats')));
  return [...fields].map((field) => ({ field, message: OUTER_WORDS[field] ?? IMPORT_PROBLEMS.notAList }));
}

/** A file's table: CSV (UTF-8, a BOM tolerated, or GBK when it says so) or an .xlsx sheet. */
async function readTableOf(ctx: Context, format: 'csv' | 'xlsx') {
  const bytes = await readFileBody(ctx, FILE_BODY_LIMIT_BYTES);
  if (format === 'xlsx') return { table: await readXlsx(bytes) };
  const { text, encoding } = decodeCsv(bytes, ctx.request.charset);
  return { table: parseCsv(text), encoding };
}

function isEmptyTable(table: readonly TableRow[]): boolean {
  return table.every((row) => row.cells.every((cell) => typeof cell === 'string' && cell.trim() === ''));
}

/**
 * Reads the roster of an import, in whichever format it came (JSON as `POST /units` or `PUT
 * /units/:unitId/flats` take it; a CSV file; an .xlsx workbook), and checks all of it before anything
 * is stored: the fields beside the flats, the file's columns, and every row with the rules of
 * registration (`checkRows`). Any problem → one 422 `roster_import_invalid` listing every one (rows by
 * their number in the file, with the column as its header writes it) and storing nothing. A good
 * roster becomes the request's body, exactly as the JSON route takes it, for `validate` and the
 * command after it. A file's name, address or reason comes from the query.
 */
function importedRoster(mode: Mode, commands: CommandContext): Middleware {
  return async (ctx, next) => {
    if (mode === 'update') {
      const params = UnitParams.safeParse((ctx as { params?: unknown }).params);
      if (!params.success) throw validationError(params.error, 'params');
      // An unknown unit is a 404 before its file is read.
      await readUnit(commands, params.data.unitId);
    }
    const format = uploadFormat(ctx);
    const queried = (mode === 'register' ? ImportUnitQuery : ImportRosterQuery).safeParse(ctx.query);
    if (!queried.success) throw validationError(queried.error, 'query');
    const query = queried.data as ImportUnitQuery & ImportRosterQuery;

    let body: Record<string, unknown>;
    let rows: RowToCheck[] = [];
    let columnOf: (field: RowField) => string = (field) =>
      field === 'row' ? '整行' : IMPORT_COLUMN_WORDS[field];
    const problems: FieldProblem[] = [];
    let summary: Omit<ImportSummary, 'flats'> = { format, ignoredColumns: [] };
    let missing: readonly RowField[] = [];
    if (format === 'json') {
      const raw = (ctx.request as { body?: unknown }).body;
      if (!isPlainObject(raw)) {
        const refused = BODY[mode].safeParse(raw);
        throw refused.success ? new DomainError('validation_error') : validationError(refused.error, 'body');
      }
      body = raw;
      if (Array.isArray(raw.flats)) rows = raw.flats.map((flat, index) => ({ row: index + 1, flat }));
    } else {
      const { table, encoding } = await readTableOf(ctx, format);
      if (isEmptyTable(table)) {
        throw new DomainError('unreadable_file', 'The file holds no table.', { reason: 'empty' });
      }
      const read = readTable(table, query.areaSource === undefined ? {} : { areaSource: query.areaSource });
      problems.push(...read.problems);
      missing = read.missing;
      rows = [...read.rows];
      columnOf = (field) => (field === 'row' ? '整行' : (read.headers[field] ?? IMPORT_COLUMN_WORDS[field]));
      summary = { format, ignoredColumns: read.ignoredColumns, ...(encoding ? { encoding } : {}) };
      const flats = read.rows.map((row) => row.flat);
      if (mode === 'register') {
        const { name, areaSource: _areaSource, ...address } = query;
        const parts = Object.fromEntries(Object.entries(address).filter(([, part]) => part !== undefined));
        body = { name, ...(Object.keys(parts).length > 0 ? { address: parts } : {}), flats };
      } else {
        body = { reason: query.reason, flats };
      }
    }

    problems.unshift(...outerProblems(mode, body));
    let rowProblems: RowProblem[] = [];
    if (Array.isArray(body.flats)) {
      if (body.flats.length === 0) problems.push({ field: 'flats', message: IMPORT_PROBLEMS.noRows });
      else if (body.flats.length > MAX_FLATS) {
        problems.push({ field: 'flats', message: IMPORT_PROBLEMS.tooManyRows(MAX_FLATS, body.flats.length) });
      } else rowProblems = checkRows(rows, columnOf).filter((problem) => !missing.includes(problem.field));
    }
    if (problems.length > 0 || rowProblems.length > 0) {
      const badRows = new Set(rowProblems.map((problem) => problem.row)).size;
      throw new DomainError(
        'roster_import_invalid',
        `The roster has ${problems.length} general problems and ${badRows} bad rows.`,
        { format, rows: rowProblems, fields: problems },
      );
    }
    (ctx.request as { body?: unknown }).body = body;
    ctx.state.import = { ...summary, flats: (body.flats as unknown[]).length } satisfies ImportSummary;
    await next();
  };
}

/**
 * What an import may refuse with, whichever route: a file that is not what it says (400
 * `unreadable_file`), a roster with bad rows (422 `roster_import_invalid`, every one listed), and the
 * roster rules of registration. The body's size, media type and encoding are the refusals of every
 * route with a body (413, 415, 400 `invalid_json`).
 */
const IMPORT_REFUSALS = [
  'unreadable_file',
  'roster_import_invalid',
  'empty_roster',
  'duplicate_room',
] as const;

/**
 * Roster import, JSON or a file (`Content-Type` `application/json`, `text/csv` or
 * `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`), every row checked before
 * anything is stored:
 * - `POST /units/import?name=…` registers a new unit from it (201, as `POST /units`);
 * - `PUT /units/:unitId/flats/import?reason=…` replaces a unit's roster with it (200, as `PUT
 *   /units/:unitId/flats`).
 * Each answer adds `import: { format, flats, ignoredColumns, encoding? }`.
 */
export function importRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.post(
    '/units/import',
    importedRoster('register', commands),
    validate(
      {
        summary: 'Register a unit from a roster file (CSV or .xlsx) or JSON, every row checked first',
        query: ImportUnitQuery,
        body: RegisterUnitBody,
        files: ROSTER_FILES,
        responses: { 201: UnitImportedView },
        errors: [...IMPORT_REFUSALS, 'place_not_found', 'wrong_place_kind'],
      },
      async (ctx, { body }) => {
        // Into a community as `POST /units` chooses it: the caller's own, or one within their scope.
        const unit = await registerUnitAs(commands, actorOf(ctx), body, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.set('Location', `/api/v1/units/${unit.unitId}`);
        ctx.body = {
          ...(await presentUnitTo(ctx, commands, unit)),
          import: ctx.state.import as ImportSummary,
        };
      },
    ),
  );

  router.put(
    '/units/:unitId/flats/import',
    importedRoster('update', commands),
    validate(
      {
        summary: 'Replace a unit’s roster from a file (CSV or .xlsx) or JSON, every row checked first',
        params: UnitParams,
        query: ImportRosterQuery,
        body: UpdateRosterBody,
        files: ROSTER_FILES,
        responses: { 200: RosterImportedView },
        errors: [...IMPORT_REFUSALS, 'unit_not_registered'],
      },
      async (ctx, { params, body }) => {
        const updated = await updateRoster(
          commands,
          { unitId: params.unitId, ...body },
          apiMeta(ctx, commands),
        );
        ctx.body = {
          ...(await presentUnitTo(ctx, commands, updated)),
          rosterUpdate: presentRosterUpdate(updated),
          import: ctx.state.import as ImportSummary,
        };
      },
    ),
  );

  return router;
}
