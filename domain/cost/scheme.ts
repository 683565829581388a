/**
 * The core shared by the construction split, the running-cost split and the late join: check the
 * inputs, weigh each flat under a scheme, and allocate an amount to the fen.
 */
import { DomainError } from '../errors.js';
import { allocateLargestRemainder, compareRooms } from './allocate.js';
import type { CostFlat, CostScheme, ExemptReason, ShareTerms } from './types.js';

/**
 * Throws `validation_error` naming `field` unless `value` is a non-negative safe integer (fen,
 * permille, 0.01 m²). Why: inside the domain money and areas are exact integers, never floats.
 */
export function requireCount(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new DomainError('validation_error', `${field} must be a non-negative integer`, { field });
}

/**
 * Checks the flats of a unit (non-empty unique rooms, integer floors, non-negative integer areas) and
 * returns them indexed by room.
 */
export function indexFlats(flats: readonly CostFlat[]): Map<string, CostFlat> {
  const byRoom = new Map<string, CostFlat>();
  flats.forEach((flat, index) => {
    if (typeof flat.room !== 'string' || flat.room === '' || byRoom.has(flat.room)) {
      throw new DomainError('validation_error', 'each flat needs its own room number', {
        field: `flats[${index}].room`,
      });
    }
    if (!Number.isSafeInteger(flat.floor)) {
      throw new DomainError('validation_error', 'a floor must be an integer', {
        field: `flats[${index}].floor`,
      });
    }
    requireCount(flat.areaCenti, `flats[${index}].areaCenti`);
    byRoom.set(flat.room, flat);
  });
  return byRoom;
}

/** Throws `unknown_room` (naming the plan `field`) unless `room` is a flat of the unit. */
export function requireRoom(byRoom: ReadonlyMap<string, CostFlat>, room: string, field: string): void {
  if (!byRoom.has(room)) {
    throw new DomainError('unknown_room', `room ${room} is not in this unit`, { field, room });
  }
}

/** Orders flats for display and for stable results: by floor, then room in natural order. */
export function byFloorThenRoom(a: CostFlat, b: CostFlat): number {
  return a.floor - b.floor || compareRooms(a.room, b.room);
}

/** One flat's computed share under a scheme (before compensation). */
export interface SchemeShare {
  readonly room: string;
  readonly floor: number;
  readonly payFen: number;
  readonly terms: ShareTerms;
}

type Weighed = Omit<ShareTerms, 'weight' | 'totalWeight' | 'weightScale' | 'amountFen' | 'exempt'> & {
  readonly weight: bigint;
};

function lookup(table: object, key: string | number, field: string): number {
  const value: unknown = Object.hasOwn(table, key) ? (table as Record<string, unknown>)[key] : 0;
  return requireCount(value, `${field}.${key}`);
}

function weigh(flat: CostFlat, scheme: CostScheme): Weighed {
  switch (scheme.kind) {
    case 'floor_coefficient': {
      const permille = lookup(scheme.permilleByFloor, flat.floor, 'scheme.permilleByFloor');
      return {
        scheme: scheme.kind,
        coefficientPermille: permille,
        areaCenti: flat.areaCenti,
        weight: BigInt(permille) * BigInt(flat.areaCenti),
      };
    }
    case 'fixed_per_floor': {
      const fixedFen = lookup(scheme.fenByFloor, flat.floor, 'scheme.fenByFloor');
      return { scheme: scheme.kind, fixedFen, weight: BigInt(fixedFen) };
    }
    case 'area':
      return { scheme: scheme.kind, areaCenti: flat.areaCenti, weight: BigInt(flat.areaCenti) };
    case 'explicit': {
      const agreedFen = lookup(scheme.fenByRoom, flat.room, 'scheme.fenByRoom');
      return { scheme: scheme.kind, agreedFen, weight: BigInt(agreedFen) };
    }
    default: {
      const kind: never = scheme;
      throw new DomainError('validation_error', 'unknown cost scheme', { field: 'scheme.kind', kind });
    }
  }
}

/**
 * Shares `amountFen` among `flats` under `scheme`, giving nothing to the flats in `exemptions`, by
 * {@link allocateLargestRemainder}. Explicit per-room amounts must add up exactly to `amountFen`
 * (counting only the flats that are not exempt). Shares come back ordered by floor, then room.
 *
 * Source: Civil Code art. 283 (as agreed, else by exclusive area); Hangzhou practice for the schemes.
 *
 * @throws DomainError `unknown_room` for an explicit share to a room not in the unit;
 *   `validation_error` for a bad amount in the scheme or weights beyond 2^53;
 *   `explicit_shares_do_not_sum` with `{ expected, actual }`; `no_contributors`.
 */
export function shareByScheme(
  flats: readonly CostFlat[],
  byRoom: ReadonlyMap<string, CostFlat>,
  scheme: CostScheme,
  amountFen: number,
  exemptions: ReadonlyMap<string, ExemptReason>,
  /** Read explicit amounts as proportions (a running-cost key: every bill differs) instead of the sum. */
  explicitAsWeights = false,
): SchemeShare[] {
  if (scheme.kind === 'explicit') {
    for (const room of Object.keys(scheme.fenByRoom)) requireRoom(byRoom, room, 'scheme.fenByRoom');
  }
  const sorted = [...flats].sort(byFloorThenRoom);
  const weighed = sorted.map((flat) => {
    const terms = weigh(flat, scheme);
    return exemptions.has(flat.room) ? { ...terms, weight: 0n } : terms;
  });
  const totalWeight = weighed.reduce((sum, { weight }) => sum + weight, 0n);
  if (scheme.kind === 'explicit' && !explicitAsWeights && totalWeight !== BigInt(amountFen)) {
    throw new DomainError('explicit_shares_do_not_sum', 'the agreed shares do not add up to the amount', {
      expected: amountFen,
      actual: Number(totalWeight),
    });
  }
  if (totalWeight > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError('validation_error', 'the weights of the scheme are too large', { field: 'scheme' });
  }
  const allocation = allocateLargestRemainder(
    amountFen,
    sorted.map((flat, index) => ({ key: flat.room, tiebreak: flat.room, weight: weighed[index]!.weight })),
  );
  const weightScale = scheme.kind === 'floor_coefficient' ? 100_000 : 100;
  return sorted.map((flat, index) => {
    const { weight, ...rest } = weighed[index]!;
    const exempt = exemptions.get(flat.room) ?? (weight === 0n ? 'zero_weight' : undefined);
    const terms: ShareTerms = {
      ...rest,
      weight: Number(weight),
      totalWeight: Number(totalWeight),
      weightScale,
      amountFen,
      ...(exempt === undefined ? {} : { exempt }),
    };
    return { room: flat.room, floor: flat.floor, payFen: allocation[index]!.fen, terms };
  });
}
