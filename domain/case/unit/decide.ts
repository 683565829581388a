/**
 * Registering the unit and updating its roster: one case is one unit, for life, and every roster row
 * is checked as the vote will count it (domain.md §2).
 */
import { buildRoster } from '../../vote/index.js';
import { canonical, defined, fail, invalid, optionalText, requireRegistered, text } from '../checks.js';
import type { Handlers } from '../state.js';
import type { UnitCommandData, UnitFlat } from './commands.js';
import type { RosterChanges, UnitEventData } from './events.js';

type Handler<K extends keyof UnitCommandData> = Handlers<UnitCommandData, UnitEventData>[K];

/** The registered flats validated as a roster (throws the vote module's roster errors). */
function checkFlats(flats: readonly UnitFlat[]): UnitFlat[] {
  buildRoster(flats);
  return flats.map((flat) =>
    defined({
      room: flat.room,
      floor: flat.floor,
      areaCenti: flat.areaCenti,
      areaSource: flat.areaSource,
      ownerKey: flat.ownerKey,
      developerStock: flat.developerStock,
      elderly: flat.elderly,
      disabled: flat.disabled,
      owners: flat.owners?.map((owner) => defined({ name: owner.name, phone: owner.phone })),
    }),
  );
}

const registerUnit: Handler<'RegisterUnit'> = (data, state, now) => {
  if (state.stage !== 'new') fail('unit_already_registered', 'This case already has its unit.');
  const unit = defined({
    name: optionalText(data.unit.name, 'unit.name'),
    district: data.unit.district,
    subdistrict: data.unit.subdistrict,
    community: optionalText(data.unit.community, 'unit.community'),
    building: optionalText(data.unit.building, 'unit.building'),
    unit: optionalText(data.unit.unit, 'unit.unit'),
  });
  if (unit.name === undefined && (!unit.community || !unit.building || !unit.unit)) {
    invalid('unit.name', 'Name the unit, or give its community, building and unit.');
  }
  const communityId = optionalText(data.communityId, 'communityId');
  return [
    {
      type: 'UnitRegistered',
      data: defined({ unit, flats: checkFlats(data.flats), registeredAt: now.toISOString(), communityId }),
    },
  ];
};

const placeUnit: Handler<'PlaceUnit'> = (data, state) => {
  requireRegistered(state);
  const communityId = text(data.communityId, 'communityId');
  if (state.communityId === communityId) return [];
  return [
    {
      type: 'UnitPlaced',
      data: defined({ communityId, previousCommunityId: state.communityId }),
    },
  ];
};

/** The rooms added, removed and changed (any field of the row, its owners or care flags) by a new roster. */
export function rosterChanges(before: readonly UnitFlat[], after: readonly UnitFlat[]): RosterChanges {
  const was = new Map(before.map((flat) => [flat.room, canonical(flat)]));
  const rooms = new Set(after.map((flat) => flat.room));
  return {
    added: after.filter((flat) => !was.has(flat.room)).map((flat) => flat.room),
    removed: before.filter((flat) => !rooms.has(flat.room)).map((flat) => flat.room),
    changed: after
      .filter((flat) => was.has(flat.room) && was.get(flat.room) !== canonical(flat))
      .map((flat) => flat.room),
  };
}

const updateRoster: Handler<'UpdateRoster'> = (data, state, now) => {
  requireRegistered(state);
  const flats = checkFlats(data.flats);
  const reason = text(data.reason, 'reason');
  const changes = rosterChanges(state.flats, flats);
  // The same roster again (a retried request) changes nothing; only the order of rows: nothing either.
  if (changes.added.length + changes.removed.length + changes.changed.length === 0) return [];
  // Open ballots keep the roster they froze (domain.md §2): the event names them for the committee.
  const openBallotIds = state.ballots
    .filter((ballot) => ballot.status === 'open')
    .map((ballot) => ballot.ballotId);
  return [
    {
      type: 'RosterUpdated',
      data: { flats, reason, updatedAt: now.toISOString(), openBallotIds, changes },
    },
  ];
};

/** The unit's command handlers. */
export const unitHandlers: Handlers<UnitCommandData, UnitEventData> = {
  RegisterUnit: registerUnit,
  UpdateRoster: updateRoster,
  PlaceUnit: placeUnit,
};
