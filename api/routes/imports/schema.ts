import { z } from 'zod';
import { AREA_SOURCES } from '../../../domain/vote/index.js';
import { Reason } from '../units/schema.js';

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
