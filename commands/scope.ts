import {
  isPlatformAdmin,
  unitInScope,
  type Actor,
  type CaseState,
  type UnitPlacement,
} from '../domain/case/index.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import type { CommandContext } from './kernel/context.js';
import { unitIdOfBallot } from './kernel/ids.js';
import { findPlace, requireCommunity } from './places.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { readUnit } from './read-case.js';
import { registerUnit, type RegisteredUnit, type RegisterUnitInput } from './register-unit.js';

/**
 * Where a unit sits (its community, and the sub-district and district above), read from its case and
 * its community's place (one `_id` lookup, remembered: places never move).
 */
export async function placementOf(
  ctx: CommandContext,
  unitId: string,
  state: Pick<CaseState, 'communityId'>,
): Promise<UnitPlacement> {
  if (state.communityId === undefined) return { unitId };
  const community = await findPlace(ctx, state.communityId);
  return {
    unitId,
    communityId: state.communityId,
    ...(community?.subdistrictId === undefined ? {} : { subdistrictId: community.subdistrictId }),
    ...(community?.districtId === undefined ? {} : { districtId: community.districtId }),
  };
}

const unitNotRegistered = (unitId: string) =>
  new DomainError('unit_not_registered', `No unit ${unitId}.`, { unitId });

/**
 * The one scope rule of every unit-scoped request: `actor` reaches the unit only if it lies in their
 * scope (`unitInScope` in `domain/case/policies.ts`). A unit outside it is refused exactly as a unit
 * that does not exist — `unit_not_registered`, or `notFound()` when the request named the unit through
 * something else (a ballot) — so a refusal tells nothing of what lies outside. The platform
 * administrator reaches every unit (nothing is read for them).
 */
export async function requireUnitInScope(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  unitId: string,
  notFound: () => DomainError = () => unitNotRegistered(unitId),
): Promise<void> {
  if (isPlatformAdmin(actor)) return;
  // The applicant representative's scope is their unit: nothing to read to know.
  if (actor.scope.kind === 'unit') {
    if (actor.scope.id !== unitId) throw notFound();
    return;
  }
  // A resident's scope is the units of their flats: nothing to read either.
  if (actor.scope.kind === 'flats') {
    if (!actor.scope.flats.some((flat) => flat.unitId === unitId)) throw notFound();
    return;
  }
  let state: CaseState;
  try {
    ({ state } = await readUnit(ctx, unitId));
  } catch (error) {
    if (isDomainError(error, 'unit_not_registered')) throw notFound();
    throw error;
  }
  if (!unitInScope(actor, await placementOf(ctx, unitId, state))) throw notFound();
}

/**
 * {@link requireUnitInScope} for a request that names a ballot: the ballot's unit must lie in the
 * actor's scope, else `ballot_not_found`, as for a ballot that does not exist.
 */
export async function requireBallotInScope(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  ballotId: string,
): Promise<void> {
  const notFound = () => new DomainError('ballot_not_found', `No ballot ${ballotId}.`, { ballotId });
  const unitId = unitIdOfBallot(ballotId);
  if (unitId === undefined) {
    if (isPlatformAdmin(actor)) return; // the route answers as it always has
    throw notFound();
  }
  await requireUnitInScope(ctx, actor, unitId, notFound);
}

/**
 * The community a new unit is registered into, as `actor` may choose it: the platform administrator
 * names one or none (a unit placed later, `PUT /units/:unitId/community`); a staff member names one
 * within their scope, or registers into their own community when they name none.
 */
export async function communityForNewUnit(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  communityId: string | undefined,
): Promise<string | undefined> {
  const chosen = communityId ?? (actor.scope.kind === 'community' ? actor.scope.id : undefined);
  if (chosen === undefined) {
    if (isPlatformAdmin(actor)) return undefined;
    throw new DomainError('validation_error', 'communityId: name the community the unit belongs to.', {
      field: 'communityId',
    });
  }
  return (await requireCommunity(ctx, actor, chosen)).placeId;
}

/**
 * Registers a unit as `actor` may (`POST /units` and the roster import): into the community they
 * name within their scope, or their own (see {@link communityForNewUnit}).
 */
export async function registerUnitAs(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  input: RegisterUnitInput & { readonly communityId?: string },
  meta: CommandMeta,
): Promise<RegisteredUnit> {
  const { communityId, ...rest } = input;
  const community = await communityForNewUnit(ctx, actor, communityId);
  return registerUnit(ctx, { ...rest, ...(community === undefined ? {} : { communityId: community }) }, meta);
}
