/** Folding the unit's events: the flats, and whether elderly or disabled people live there. */
import type { Evolvers } from '../state.js';
import type { UnitFlat } from './commands.js';
import type { UnitEventData } from './events.js';

function hasCareFlags(flats: readonly UnitFlat[]): boolean {
  return flats.some((flat) => flat.elderly === true || flat.disabled === true);
}

/** The unit's event folders. */
export const unitEvolvers: Evolvers<UnitEventData> = {
  UnitRegistered: (state, data) => ({
    ...state,
    stage: 'canvassing',
    unit: data.unit,
    registeredAt: data.registeredAt,
    flats: data.flats,
    needsExtraMediationCare: hasCareFlags(data.flats),
    ...(data.communityId === undefined ? {} : { communityId: data.communityId }),
  }),
  UnitPlaced: (state, data) => ({ ...state, communityId: data.communityId }),
  RosterUpdated: (state, data) => ({
    ...state,
    flats: data.flats,
    needsExtraMediationCare: hasCareFlags(data.flats),
  }),
};
