import type { UnitCase } from '../../commands/read-case.js';
import type { PersonalDataView, UnitFlat } from '../../domain/case/index.js';
import { maskPhone } from '../../lib/log.js';
import type { UnitListingDoc } from '../../models/unit-list.js';
import { buildRoster, countTotals, formatArea } from '../../domain/vote/index.js';
import { presentPlan } from './plan.js';
import { presentCount } from './tally.js';

/**
 * Shows one flat as `view` allows (`personalDataView`): to whoever sees names (the committee of the
 * unit's community, the administrator), the whole roster row — owners by name with masked phones,
 * the owner key, the care flags; to a resident, their own flat in full (their own phone whole); to
 * everyone else the room, floor and area alone.
 */
function presentFlat(flat: UnitFlat, view: PersonalDataView) {
  const own = view.ownRooms.includes(flat.room);
  const shown = own || view.names;
  const phoneOf = (phone: string | undefined) =>
    phone === undefined ? {} : { phone: own ? phone : maskPhone(phone) };
  return {
    room: flat.room,
    floor: flat.floor,
    area: formatArea(flat.areaCenti),
    areaSource: flat.areaSource,
    ...(flat.developerStock === undefined ? {} : { developerStock: flat.developerStock }),
    ...(shown
      ? {
          ...(flat.ownerKey === undefined ? {} : { ownerKey: flat.ownerKey }),
          ...(flat.elderly === undefined ? {} : { elderly: flat.elderly }),
          ...(flat.disabled === undefined ? {} : { disabled: flat.disabled }),
          owners: (flat.owners ?? []).map((owner) => ({
            name: owner.name,
            hasPhone: owner.phone !== undefined,
            ...phoneOf(owner.phone),
          })),
        }
      : {}),
    ...(own ? { mine: true } : {}),
  };
}

/**
 * Shows a unit's case: its name and address, stage, flats (their personal data as `view` allows), the
 * denominators the next ballot would freeze, the plan in force and a summary of each ballot.
 */
export function presentUnit(unit: UnitCase, view: PersonalDataView) {
  const { state } = unit;
  const { name, ...address } = state.unit ?? {};
  const totals = state.flats.length > 0 ? countTotals(buildRoster(state.flats)) : { owners: 0, areaCenti: 0 };
  return {
    id: unit.unitId,
    ...(name === undefined ? {} : { name }),
    address,
    ...(state.communityId === undefined ? {} : { communityId: state.communityId }),
    stage: state.stage,
    needsExtraMediationCare: state.needsExtraMediationCare,
    totals: { flats: state.flats.length, ...presentCount(totals) },
    flats: state.flats.map((flat) => presentFlat(flat, view)),
    ...(state.plan === undefined ? {} : { plan: presentPlan(state.plan, { shares: false }) }),
    ballots: state.ballots.map((ballot) => ({
      id: ballot.ballotId,
      title: ballot.title,
      matter: ballot.matter,
      purpose: ballot.purpose,
      status: ballot.status,
      opensAt: ballot.opensAt,
      ...(ballot.closesAt === undefined ? {} : { closesAt: ballot.closesAt }),
      ...(ballot.closedAt === undefined ? {} : { closedAt: ballot.closedAt }),
      ...(ballot.result === undefined ? {} : { passed: ballot.result.passed }),
      ...(ballot.planVersion === undefined ? {} : { planVersion: ballot.planVersion }),
      votesRecorded: ballot.votes.length,
    })),
    seq: unit.head.seq,
  };
}

/**
 * One unit as `GET /units` lists it: its id, its name and address as the case shows them
 * (`presentUnit`), its community and stage — nothing personal.
 */
export function presentUnitListing(listing: UnitListingDoc) {
  const { name, ...address } = listing.unit;
  return {
    id: listing._id,
    ...(name === undefined ? {} : { name }),
    address,
    ...(listing.communityId === undefined || listing.communityId === null
      ? {}
      : { communityId: listing.communityId }),
    stage: listing.stage,
  };
}
