/**
 * Checks every row of a roster to import and lists every problem at once (一次性告知), with the very
 * rules of registration: each flat through the API's `Flat` schema, then the domain's roster rules
 * (`parseArea`, `rosterProblems`: a usable area, owner keys, rooms once). A row's field that the
 * schema refused is not checked again by the domain, so each bad cell is named once.
 */
import type { ZodIssue } from 'zod';
import { isDomainError } from '../../../domain/errors.js';
import { parseArea, rosterProblems, type RosterFlat } from '../../../domain/vote/index.js';
import {
  IMPORT_FIELD_PROBLEMS,
  IMPORT_FIELDS,
  IMPORT_PROBLEMS,
  type ImportField,
} from '../../../messages/roster-import.js';
import { Flat } from '../units/schema.js';
import type { CellProblem } from './table.js';

/** One row to check: its number in the file, the flat as read, and what reading it already found. */
export interface RowToCheck {
  readonly row: number;
  readonly flat: unknown;
  readonly problems?: readonly CellProblem[];
}

/** A field of a row, or the row itself when it is not a flat at all (a JSON list item that is a string). */
export type RowField = ImportField | 'row';

/** One problem of one row, as the answer lists it. */
export interface RowProblem {
  /** The row as numbered in the file (JSON: the list's item, from 1). */
  readonly row: number;
  /** The column as the file's header writes it (JSON: the field as people say it). */
  readonly column: string;
  readonly field: RowField;
  /** What is wrong, in plain Chinese: what to write instead. */
  readonly message: string;
}

const ORDER: readonly RowField[] = ['row', ...IMPORT_FIELDS];

/** The field a schema issue is about: an owner's phone is the phone column, the rest of owners theirs. */
function fieldOfIssue(issue: ZodIssue): RowField {
  const [first, , third] = issue.path;
  if (first === undefined) return 'row';
  if (first === 'owners') return third === 'phone' ? 'phone' : 'owners';
  return (IMPORT_FIELDS as readonly unknown[]).includes(first) ? (first as ImportField) : 'row';
}

/** A value of a field the schema accepted, else the stand-in that keeps the domain's check to the rest. */
function domainFlat(
  flat: Record<string, unknown>,
  bad: ReadonlySet<RowField>,
  index: number,
): {
  flat: RosterFlat;
  areaBad: boolean;
} {
  let areaCenti = 1;
  let areaBad = false;
  if (!bad.has('area')) {
    try {
      areaCenti = parseArea(flat.area as string);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      areaBad = true;
    }
  }
  return {
    areaBad,
    flat: {
      // A room the schema refused can repeat nothing: it stands in as a name no real room can have.
      room: bad.has('room') ? `?${index}` : (flat.room as string),
      floor: bad.has('floor') ? 1 : (flat.floor as number),
      areaCenti,
      areaSource: bad.has('areaSource') ? 'register' : (flat.areaSource as RosterFlat['areaSource']),
      ...(bad.has('ownerKey') || flat.ownerKey === undefined ? {} : { ownerKey: flat.ownerKey as string }),
      ...(flat.developerStock === true ? { developerStock: true } : {}),
    },
  };
}

/**
 * Every problem of every row, ordered by row, then by column (room, floor, area, …); none when the
 * roster may be registered. `columnOf` names a field's column as the caller's file writes it.
 */
export function checkRows(rows: readonly RowToCheck[], columnOf: (field: RowField) => string): RowProblem[] {
  const found = rows.map(() => new Map<RowField, string>());
  const add = (index: number, field: RowField, message: string) => {
    if (!found[index]!.has(field)) found[index]!.set(field, message);
  };
  const checked = rows.map((row, index) => {
    for (const problem of row.problems ?? []) add(index, problem.field, problem.message);
    const parsed = Flat.safeParse(row.flat);
    if (parsed.success) return parsed.data as Record<string, unknown>;
    for (const issue of parsed.error.issues) {
      const field = fieldOfIssue(issue);
      add(index, field, field === 'row' ? IMPORT_PROBLEMS.notAFlat : IMPORT_FIELD_PROBLEMS[field]);
    }
    return typeof row.flat === 'object' && row.flat !== null ? (row.flat as Record<string, unknown>) : {};
  });
  const flats = checked.map((flat, index) => {
    const bad = new Set(found[index]!.keys());
    if (bad.has('row')) for (const field of IMPORT_FIELDS) bad.add(field);
    const { flat: rosterFlat, areaBad } = domainFlat(flat, bad, index);
    if (areaBad) add(index, 'area', IMPORT_FIELD_PROBLEMS.area);
    return rosterFlat;
  });
  for (const problem of rosterProblems(flats)) {
    const index = problem.row - 1;
    const field: ImportField = problem.field === 'areaCenti' ? 'area' : (problem.field as ImportField);
    const message =
      problem.firstRow === undefined
        ? IMPORT_FIELD_PROBLEMS[field]
        : IMPORT_PROBLEMS.duplicateRoom(rows[problem.firstRow - 1]!.row);
    add(index, field, message);
  }
  return rows.flatMap((row, index) =>
    [...found[index]!]
      .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
      .map(([field, message]) => ({ row: row.row, column: columnOf(field), field, message })),
  );
}
