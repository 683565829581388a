import { z } from 'zod';
import { CONTACT_ROLES } from '../../../domain/case/index.js';
import { SCOPE_KINDS, STAFF_ROLES } from '../../../domain/platform/index.js';
import { named } from '../../openapi/registry.js';
import { StageView } from '../views.js';

/** The administrator or a staff member: their role, their token's id, and the scope they work in. */
const StaffSelfView = z.strictObject({
  kind: z.enum(['admin', ...STAFF_ROLES]),
  /** A staff member's token (none for the administrator). */
  tokenId: z.string().optional(),
  roles: z.array(z.enum(CONTACT_ROLES)),
  scope: z.union([
    z.strictObject({ kind: z.literal('platform') }),
    z.strictObject({ kind: z.enum(SCOPE_KINDS), id: z.string() }),
  ]),
});

/** A signed-in resident: the flats they are bound to, each with its unit's name and stage. */
const ResidentSelfView = z.strictObject({
  kind: z.literal('resident'),
  roles: z.array(z.never()).max(0),
  flats: z.array(
    z.strictObject({
      unitId: z.string(),
      room: z.string(),
      unitName: z.string().optional(),
      stage: StageView,
    }),
  ),
});

/** `GET /me`: who the caller is signed in as. */
export const SelfView = named('Self', z.union([StaffSelfView, ResidentSelfView]));
