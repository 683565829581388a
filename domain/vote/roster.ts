/**
 * The roster of a unit vote: the exclusive parts (专有部分) **of this unit** that form both
 * denominators of Civil Code art. 278, and who counts as one person for the headcount.
 *
 * SPC interpretation on building-division ownership:
 * - art. 8: the area denominator is the total area of the exclusive parts;
 * - art. 9: one exclusive part counts as one owner; all of the developer's unsold or undelivered parts
 *   together count as one; one buyer of several parts counts as one person.
 *
 * The roster is frozen when a ballot opens (domain.md §2), so {@link buildRoster} returns a deeply
 * frozen value.
 */
import { DomainError } from '../errors.js';
import { MAX_AREA_CENTI } from './area.js';
import type { AreaSource, Count, RosterFlat } from './types.js';

/** The one person key shared by all developer stock (SPC interpretation art. 9: it counts as one). */
export const DEVELOPER_KEY = 'developer';

/** Prefix of the person key of a flat without an `ownerKey`: `room:<room>`. */
export const ROOM_KEY_PREFIX = 'room:';

/** One person of the headcount: the rooms they own in this unit and their total area (all of it counts). */
export interface RosterPerson {
  readonly key: string;
  readonly rooms: readonly string[];
  readonly areaCenti: number;
}

/**
 * A validated, deeply frozen roster: the flats in their given order, and the persons of the headcount
 * in order of their first flat. Build it with {@link buildRoster}; never assemble one by hand.
 */
export interface Roster {
  readonly flats: readonly RosterFlat[];
  readonly persons: readonly RosterPerson[];
}

/**
 * Who a flat counts for in the headcount (SPC interpretation art. 9): developer stock → the shared
 * {@link DEVELOPER_KEY} (its `ownerKey` is ignored); else the flat's `ownerKey`, so that one buyer of
 * several flats counts once; else `room:<room>`, one flat one person.
 */
export function personKeyOf(flat: Pick<RosterFlat, 'room' | 'ownerKey' | 'developerStock'>): string {
  if (flat.developerStock === true) return DEVELOPER_KEY;
  return flat.ownerKey ?? `${ROOM_KEY_PREFIX}${flat.room}`;
}

const AREA_SOURCES: ReadonlySet<AreaSource> = new Set<AreaSource>(['register', 'survey', 'contract']);

/**
 * One thing wrong with one row of a roster, rows numbered from 1 in the order given: a field that
 * breaks a rule (`validation_error`), or a room already on an earlier row (`duplicate_room`, with
 * that row as `firstRow`). `message` is for developers; people read the transports' sentences.
 */
export interface RosterProblem {
  readonly code: 'validation_error' | 'duplicate_room';
  readonly row: number;
  readonly field: keyof RosterFlat;
  readonly message: string;
  readonly firstRow?: number;
}

function fieldProblem(row: number, field: keyof RosterFlat, message: string): RosterProblem {
  return { code: 'validation_error', row, field, message: `Roster row ${row}: ${message}` };
}

/** A usable room: a non-empty name without surrounding spaces (the only rooms that can repeat). */
function isRoom(room: unknown): room is string {
  return typeof room === 'string' && room !== '' && room.trim() === room;
}

/** Every field of one flat that breaks a rule, in the order room, floor, area, area source, owner key. */
function flatProblems(flat: RosterFlat, row: number): RosterProblem[] {
  const problems: RosterProblem[] = [];
  if (!isRoom(flat.room)) {
    problems.push(fieldProblem(row, 'room', 'the room is a non-empty name without surrounding spaces.'));
  }
  if (!Number.isSafeInteger(flat.floor) || flat.floor < 1) {
    problems.push(fieldProblem(row, 'floor', 'the floor is a whole number of at least 1.'));
  }
  if (!Number.isSafeInteger(flat.areaCenti) || flat.areaCenti < 1 || flat.areaCenti > MAX_AREA_CENTI) {
    problems.push(
      fieldProblem(row, 'areaCenti', 'the area is a positive whole number of 0.01 m², at most 100000 m².'),
    );
  }
  if (!AREA_SOURCES.has(flat.areaSource)) {
    problems.push(fieldProblem(row, 'areaSource', 'the area source is register, survey or contract.'));
  }
  const { ownerKey } = flat;
  // An owner key that looks like a generated key would silently merge two people's headcount.
  if (
    ownerKey !== undefined &&
    (typeof ownerKey !== 'string' ||
      ownerKey === '' ||
      ownerKey === DEVELOPER_KEY ||
      ownerKey.startsWith(ROOM_KEY_PREFIX))
  ) {
    problems.push(
      fieldProblem(
        row,
        'ownerKey',
        `the owner key is non-empty and is neither "${DEVELOPER_KEY}" nor "room:…".`,
      ),
    );
  }
  return problems;
}

/**
 * Every rule a list of flats breaks, row by row (each row's fields, then its room if an earlier row
 * has it), or none: what {@link buildRoster} checks, told all at once, so an imported roster can list
 * every bad row in one answer (一次性告知). A room that is itself unusable is not compared. An empty
 * list has no problem here: whether a roster may be empty is the caller's rule.
 */
export function rosterProblems(flats: readonly RosterFlat[]): RosterProblem[] {
  const rowOfRoom = new Map<string, number>();
  return flats.flatMap((flat, index) => {
    const row = index + 1;
    const problems = flatProblems(flat, row);
    if (!isRoom(flat.room)) return problems;
    const firstRow = rowOfRoom.get(flat.room);
    if (firstRow === undefined) rowOfRoom.set(flat.room, row);
    else {
      problems.push({
        code: 'duplicate_room',
        row,
        field: 'room',
        firstRow,
        message: `Roster row ${row}: this room is already on row ${firstRow}.`,
      });
    }
    return problems;
  });
}

/**
 * Validates the exclusive parts of one unit and groups them into persons (SPC interpretation arts. 8–9).
 * Rows are numbered from 1 in the order given. Each flat is copied, so later changes to the input do
 * not reach a frozen ballot.
 *
 * @throws DomainError `empty_roster` when there are no flats; else the first of
 *   {@link rosterProblems}: `duplicate_room` with `{ row, field: 'room', firstRow }` when a room
 *   appears twice; `validation_error` with `{ row, field }` for an empty or padded room, a floor that
 *   is not an integer ≥ 1, an area that is not a positive integer ≤ {@link MAX_AREA_CENTI}, an unknown
 *   area source, or an owner key that is empty or collides with a generated key.
 */
export function buildRoster(flats: readonly RosterFlat[]): Roster {
  if (flats.length === 0) {
    throw new DomainError('empty_roster', 'A ballot needs at least one flat of the unit.', {
      field: 'flats',
    });
  }
  const [problem] = rosterProblems(flats);
  if (problem !== undefined) {
    const { code, message, row, field, firstRow } = problem;
    throw new DomainError(code, message, firstRow === undefined ? { row, field } : { row, field, firstRow });
  }
  const persons = new Map<string, { rooms: string[]; areaCenti: number }>();
  const copies = flats.map((flat): RosterFlat => {
    const key = personKeyOf(flat);
    const person = persons.get(key) ?? { rooms: [], areaCenti: 0 };
    person.rooms.push(flat.room);
    person.areaCenti += flat.areaCenti;
    persons.set(key, person);
    return Object.freeze({
      room: flat.room,
      floor: flat.floor,
      areaCenti: flat.areaCenti,
      areaSource: flat.areaSource,
      ...(flat.ownerKey === undefined ? {} : { ownerKey: flat.ownerKey }),
      ...(flat.developerStock === undefined ? {} : { developerStock: flat.developerStock }),
    });
  });
  return Object.freeze({
    flats: Object.freeze(copies),
    persons: Object.freeze(
      [...persons].map(([key, person]) =>
        Object.freeze({ key, rooms: Object.freeze(person.rooms), areaCenti: person.areaCenti }),
      ),
    ),
  });
}

/**
 * The two denominators of Civil Code art. 278 for this unit: `owners` is the number of persons of the
 * headcount (SPC interpretation art. 9), `areaCenti` the total area of all exclusive parts (art. 8).
 */
export function countTotals(roster: Roster): Count {
  let areaCenti = 0;
  for (const flat of roster.flats) areaCenti += flat.areaCenti;
  return Object.freeze({ owners: roster.persons.length, areaCenti });
}
