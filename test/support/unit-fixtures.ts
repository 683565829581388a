/**
 * Fixtures of the unit and place command tests: a small map of the city made through `createPlace`
 * (two districts, three sub-districts, four communities, created one millisecond apart so they list
 * in a known order), and the callers whose scope is one of its places, a unit or a resident's flats.
 */
import type { Actor, ResidentFlat } from '../../domain/case/index.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { createPlace } from '../../commands/places.js';
import { adminAt } from './commands.js';

/**
 * The places of {@link givenCity}, by id. District `district` holds sub-districts `subdistrict`
 * (communities `community` and `neighbour`) and `otherSubdistrict` (community `otherCommunity`);
 * district `farDistrict` holds sub-district `farSubdistrict` with community `farCommunity`.
 */
export interface City {
  readonly district: string;
  readonly subdistrict: string;
  readonly community: string;
  readonly neighbour: string;
  readonly otherSubdistrict: string;
  readonly otherCommunity: string;
  readonly farDistrict: string;
  readonly farSubdistrict: string;
  readonly farCommunity: string;
  /** Every id above, in the order created. */
  readonly order: readonly string[];
}

/**
 * Creates the city's places as the administrator, `start` ms after T0 and one ms apart, in the order
 * of {@link City.order}. `tag` keeps the districts' names apart when a file builds two cities.
 */
export async function givenCity(ctx: CommandContext, tag = '', start = 0): Promise<City> {
  let ms = start;
  const make = async (kind: 'district' | 'subdistrict' | 'community', name: string, parentId?: string) =>
    (await createPlace(ctx, { kind, name, ...(parentId === undefined ? {} : { parentId }) }, adminAt(ms++)))
      .placeId;
  const district = await make('district', `西湖区${tag}`);
  const subdistrict = await make('subdistrict', '北山街道', district);
  const community = await make('community', '宝石社区', subdistrict);
  const neighbour = await make('community', '保俶社区', subdistrict);
  const otherSubdistrict = await make('subdistrict', '灵隐街道', district);
  const otherCommunity = await make('community', '玉泉社区', otherSubdistrict);
  const farDistrict = await make('district', `上城区${tag}`);
  const farSubdistrict = await make('subdistrict', '湖滨街道', farDistrict);
  const farCommunity = await make('community', '东坡社区', farSubdistrict);
  return {
    district,
    subdistrict,
    community,
    neighbour,
    otherSubdistrict,
    otherCommunity,
    farDistrict,
    farSubdistrict,
    farCommunity,
    order: [
      district,
      subdistrict,
      community,
      neighbour,
      otherSubdistrict,
      otherCommunity,
      farDistrict,
      farSubdistrict,
      farCommunity,
    ],
  };
}

/** The caller a staff token of the role that works in `kind` gives, scoped to `id`. */
export function staffIn(
  kind: 'district' | 'subdistrict' | 'community' | 'unit',
  id: string,
): Pick<Actor, 'kind' | 'scope'> {
  const role = {
    district: 'district',
    subdistrict: 'subdistrict',
    community: 'committee',
    unit: 'applicant',
  } as const;
  return { kind: role[kind], scope: { kind, id } };
}

/** A resident signed in to the mini-program, bound to `flats`. */
export function residentOf(flats: readonly ResidentFlat[]): Pick<Actor, 'kind' | 'scope'> {
  return { kind: 'resident', scope: { kind: 'flats', flats } };
}
