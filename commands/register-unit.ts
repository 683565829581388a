import { PLATFORM_ADMIN, type FlatOwner, type UnitAddress, type UnitFlat } from '../domain/case/index.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { parseArea, type AreaSource } from '../domain/vote/index.js';
import type { LoadedCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { newUnitId, requireUnitId } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { requireCommunity } from './places.js';

/** One flat as a transport hands it in: the area still as typed ("72.50"). */
export interface FlatInput {
  readonly room: string;
  readonly floor: number;
  /** Square metres as text, at most two decimal places; parsed exactly by `parseArea`. */
  readonly area: string;
  readonly areaSource: AreaSource;
  readonly owners: readonly FlatOwner[];
  readonly ownerKey?: string;
  readonly developerStock?: boolean;
  readonly elderly?: boolean;
  readonly disabled?: boolean;
}

/** What `RegisterUnit` needs from a transport: the unit's name (and address parts) and its flats. */
export interface RegisterUnitInput {
  readonly name: string;
  readonly address?: Omit<UnitAddress, 'name'>;
  readonly flats: readonly FlatInput[];
  /** The community the unit belongs to (it must exist; who may choose which is `communityForNewUnit`'s). */
  readonly communityId?: string;
}

/** The registered unit: its new id (= its case id) and the case as it now stands. */
export interface RegisteredUnit extends LoadedCase {
  readonly unitId: string;
}

/** The roster field the transport sent for a field the domain names (`areaCenti` was typed as `area`). */
function inputField(field: unknown): string {
  return field === 'areaCenti' ? 'area' : String(field);
}

/**
 * Re-labels a roster refusal of the domain (which numbers rows from 1 and names roster fields) with
 * the path of the input, `flats.<index>.<field>`, keeping the row, so the caller sees both.
 */
export function relabel(error: DomainError): DomainError {
  const row = error.details?.row;
  if (typeof row !== 'number') return error;
  const field = `flats.${row - 1}.${inputField(error.details?.field)}`;
  return new DomainError(error.code, `${field}: ${error.message}`, { ...error.details, field, row });
}

/** A flat as the transport typed it, as the domain keeps it (area parsed exactly; a bad one names its row). */
export function toFlat(flat: FlatInput, index: number): UnitFlat {
  let areaCenti: number;
  try {
    areaCenti = parseArea(flat.area);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const field = `flats.${index}.area`;
    throw new DomainError('validation_error', `${field} (row ${index + 1}): ${error.message}`, {
      field,
      row: index + 1,
    });
  }
  return {
    room: flat.room,
    floor: flat.floor,
    areaCenti,
    areaSource: flat.areaSource,
    owners: flat.owners.map((owner) => (owner.phone === undefined ? { name: owner.name } : { ...owner })),
    ...(flat.ownerKey === undefined ? {} : { ownerKey: flat.ownerKey }),
    ...(flat.developerStock === undefined ? {} : { developerStock: flat.developerStock }),
    ...(flat.elderly === undefined ? {} : { elderly: flat.elderly }),
    ...(flat.disabled === undefined ? {} : { disabled: flat.disabled }),
  };
}

/**
 * `RegisterUnit` → `UnitRegistered`: opens a new case for one unit under a fresh unit id, with its
 * flats (area parsed exactly, in 0.01 m²) and owners, in its community when one is named (it must be
 * one: `place_not_found`, `wrong_place_kind`). The owners' names and phones are personal data:
 * they are kept in the event (the committee needs them), but never logged and only shown through
 * presenters.
 *
 * Refusals name the row (from 1) and the input field (`flats.3.area`): `validation_error` for an area
 * that is not a positive decimal with at most two places (or a bad floor, owner key…), `empty_roster`,
 * `duplicate_room` (SPC building-division interpretation arts. 8–9, via `domain/vote`).
 */
export async function registerUnit(
  ctx: CommandContext,
  input: RegisterUnitInput,
  meta: CommandMeta,
  options: {
    /**
     * A well-known id instead of a random one (the demo, imports): registering it twice is refused
     * by the case itself (`unit_already_registered`), so a caller may retry without a duplicate.
     */
    unitId?: string;
  } = {},
): Promise<RegisteredUnit> {
  const flats = input.flats.map(toFlat);
  if (options.unitId !== undefined) requireUnitId(options.unitId);
  const unitId = options.unitId ?? newUnitId();
  if (input.communityId !== undefined) await requireCommunity(ctx, PLATFORM_ADMIN, input.communityId);
  try {
    const { state, head } = await runCaseCommand(
      ctx,
      unitId,
      {
        type: 'RegisterUnit',
        data: {
          unit: { name: input.name, ...input.address },
          flats,
          ...(input.communityId === undefined ? {} : { communityId: input.communityId }),
        },
      },
      meta,
    );
    return { unitId, state, head };
  } catch (error) {
    throw isDomainError(error) ? relabel(error) : error;
  }
}
