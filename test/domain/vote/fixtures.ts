/** The flat builder shared by the roster and tally tests. */
import type { RosterFlat } from '../../../domain/vote/types.js';

/** A first-floor flat on the land register, with `extra` laid over it. */
export const flat = (room: string, areaCenti: number, extra: Partial<RosterFlat> = {}): RosterFlat => ({
  room,
  floor: 1,
  areaCenti,
  areaSource: 'register',
  ...extra,
});
