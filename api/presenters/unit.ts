import type { UnitCase } from '../../commands/read-case.js';
import type { UnitFlat } from '../../domain/case/index.js';
import { buildRoster, countTotals, formatArea } from '../../domain/vote/index.js';
import { presentPlan } from './plan.js';
import { presentCount } from './tally.js';

/**
 * Shows one flat to an administrator: the roster row and the care flags, and its owners' names only.
 * Phones are never shown (only whether one is on file).
 */
function presentFlat(flat: UnitFlat) {
  return {
    room: flat.room,
    floor: flat.floor,
    area: formatArea(flat.areaCenti),
    areaSource: flat.areaSource,
    ...(flat.ownerKey === undefined ? {} : { ownerKey: flat.ownerKey }),
    ...(flat.developerStock === undefined ? {} : { developerStock: flat.developerStock }),
    ...(flat.elderly === undefined ? {} : { elderly: flat.elderly }),
    ...(flat.disabled === undefined ? {} : { disabled: flat.disabled }),
    owners: (flat.owners ?? []).map((owner) => ({ name: owner.name, hasPhone: owner.phone !== undefined })),
  };
}

/**
 * Shows a unit's case: its name and address, stage, flats (no phones), the denominators the next
 * ballot would freeze, the plan in force and a summary of each ballot.
 */
export function presentUnit(unit: UnitCase) {
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
    flats: state.flats.map(presentFlat),
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
