/**
 * A small city for the tests of the staff's commands (scope, tokens, dashboard), built through the
 * real commands: district 测试区 with sub-districts 东街道 (communities 乙社区, created first, and
 * 甲社区) and 西街道 (丙社区); a unit in each community and one placed in none. And the actors a staff
 * token or a resident's session would sign in, as the policies see them.
 */
import type { Actor, ResidentFlat } from '../../domain/case/index.js';
import { ROLE_SCOPE, type StaffRole } from '../../domain/platform/index.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { createPlace } from '../../commands/places.js';
import { registerUnit } from '../../commands/register-unit.js';
import { adminAt, givenUnit } from './commands.js';
import { flats } from './units.js';

/** The places and units of {@link givenCity}, by id. */
export interface City {
  readonly district: string;
  readonly east: string;
  readonly west: string;
  /** 甲社区 and 乙社区 in 东街道, 丙社区 in 西街道. */
  readonly jia: string;
  readonly yi: string;
  readonly bing: string;
  /** One unit (4 flats) in each community, and one placed in none. */
  readonly units: {
    readonly jia: string;
    readonly yi: string;
    readonly bing: string;
    readonly loose: string;
  };
}

/** Builds the city as the platform administrator at T0. */
export async function givenCity(ctx: CommandContext): Promise<City> {
  const place = async (kind: 'district' | 'subdistrict' | 'community', name: string, parentId?: string) =>
    (await createPlace(ctx, { kind, name, ...(parentId === undefined ? {} : { parentId }) }, adminAt()))
      .placeId;
  const district = await place('district', '测试区');
  const east = await place('subdistrict', '东街道', district);
  const west = await place('subdistrict', '西街道', district);
  const yi = await place('community', '乙社区', east);
  const jia = await place('community', '甲社区', east);
  const bing = await place('community', '丙社区', west);
  const unitIn = async (communityId: string, name: string) =>
    (await registerUnit(ctx, { name, communityId, flats: flats(4) }, adminAt())).unitId;
  return {
    district,
    east,
    west,
    jia,
    yi,
    bing,
    units: {
      jia: await unitIn(jia, '甲社区 1幢'),
      yi: await unitIn(yi, '乙社区 1幢'),
      bing: await unitIn(bing, '丙社区 1幢'),
      loose: await givenUnit(ctx, 4),
    },
  };
}

/** A staff member of `role` whose token's scope is `scopeId` (a place, or a unit for an applicant). */
export function staff(role: StaffRole, scopeId: string): Actor {
  return { kind: role, id: `tok_${role}`, roles: [role], scope: { kind: ROLE_SCOPE[role], id: scopeId } };
}

/** A signed-in resident of the mini-program, reaching `flats`. */
export function resident(contactId: string, flatList: readonly ResidentFlat[] = []): Actor {
  return { kind: 'resident', id: contactId, roles: [], scope: { kind: 'flats', flats: flatList } };
}
