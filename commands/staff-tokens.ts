import { randomBytes } from 'node:crypto';
import { isPlatformAdmin, mayIssueRole, placeInScope, type Actor } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { isPlaceKind, type Scope, type StaffRole } from '../domain/platform/index.js';
import { sha256Hex } from '../lib/hash.js';
import {
  readTokenByHash,
  readTokensPage,
  readTokenById,
  type StaffTokenDoc,
  type TokenKey,
} from '../models/staff-token.js';
import type { CommandContext } from './kernel/context.js';
import { newTokenId } from './kernel/ids.js';
import { runPlatformCommand } from './kernel/run-platform.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { findPlace } from './places.js';
import { placementOf, requireUnitInScope } from './scope.js';
import { readUnit } from './read-case.js';

/** Every staff token's secret starts so, so a leaked one is recognised (and told from the admin token). */
export const TOKEN_PREFIX = 'jt_';

/** `jt_` and 32 random bytes in base64url (256 bits). */
const SECRET_SHAPE = /^jt_[A-Za-z0-9_-]{43}$/;

/** The stored key of a secret: its SHA-256 in hex (a random 256-bit secret needs no slow hash). */
export function tokenHash(secret: string): string {
  return sha256Hex(secret);
}

/** What a transport asks for: whose token, which role, where, and for how many days. */
export interface IssueTokenInput {
  readonly name: string;
  readonly role: StaffRole;
  readonly scope: Scope;
  readonly expiresInDays: number;
}

/** An issued token: the stored record and its secret, which is shown this once and kept nowhere. */
export interface IssuedToken {
  readonly token: StaffTokenDoc;
  readonly secret: string;
}

const forbidden = (role: StaffRole) =>
  new DomainError('forbidden', `This role may not issue a ${role} token.`, { action: 'manage_tokens', role });

/**
 * The community `scope` lies in, checked against `actor`'s own scope. A place outside a staff
 * member's scope is answered as one that does not exist (`place_not_found`), a unit so as a unit
 * that does not exist (`unit_not_registered`); the platform administrator names any (the decider then
 * checks the place exists and is of the role's kind).
 */
async function communityOfScope(
  ctx: CommandContext,
  actor: Actor,
  scope: Scope,
): Promise<string | undefined> {
  if (scope.kind === 'unit') {
    await requireUnitInScope(ctx, actor, scope.id);
    const { state } = await readUnit(ctx, scope.id);
    return (await placementOf(ctx, scope.id, state)).communityId;
  }
  if (!isPlatformAdmin(actor)) {
    const place = isPlaceKind(scope.kind) ? await findPlace(ctx, scope.id) : null;
    if (place === null || !placeInScope(actor, place)) {
      throw new DomainError('place_not_found', `No place ${scope.id}.`, {
        placeId: scope.id,
        field: 'scope.id',
      });
    }
  }
  return scope.kind === 'community' ? scope.id : undefined;
}

/**
 * Issues a per-person token (`IssueToken` → `TokenIssued` on the platform's stream, naming the issuer):
 * a random secret of 256 bits prefixed `jt_`, of which only the SHA-256 is stored, valid for
 * `expiresInDays`. The platform administrator issues any role in any scope; a committee member issues
 * committee and applicant-representative tokens within their own community (`ISSUABLE_ROLES`), else
 * `forbidden`. Refusals besides: `place_not_found`, `unit_not_registered`, `wrong_place_kind`,
 * `validation_error` (a scope of another kind than the role's, a number of days out of range).
 */
export async function issueToken(
  ctx: CommandContext,
  actor: Actor,
  input: IssueTokenInput,
  meta: CommandMeta,
): Promise<IssuedToken> {
  if (!mayIssueRole(actor, input.role)) throw forbidden(input.role);
  const communityId = await communityOfScope(ctx, actor, input.scope);
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const hash = tokenHash(secret);
  await runPlatformCommand(
    ctx,
    {
      type: 'IssueToken',
      data: {
        tokenId: newTokenId(),
        name: input.name,
        role: input.role,
        scope: input.scope,
        tokenHash: hash,
        expiresAt: new Date(meta.now.getTime() + input.expiresInDays * 86_400_000),
        ...(communityId === undefined ? {} : { communityId }),
      },
    },
    meta,
  );
  const token = await readTokenByHash(ctx.models.staffTokens, hash);
  if (token === null) throw new Error('the issued token was not stored');
  return { token, secret };
}

/** The community whose tokens a staff member manages (a committee member's own), if any. */
function managedCommunity(actor: Actor): string | undefined {
  return actor.scope.kind === 'community' ? actor.scope.id : undefined;
}

/**
 * A page of the tokens `actor` manages, oldest first, up to `limit` after `after`, without their
 * secrets (only hashes are stored): every token for the platform administrator; a committee member's
 * community's tokens (its members' and its units' applicant representatives') for them; none for
 * anyone else.
 */
export async function listTokensPage(
  ctx: CommandContext,
  actor: Actor,
  after: TokenKey | undefined,
  limit: number,
): Promise<StaffTokenDoc[]> {
  if (isPlatformAdmin(actor)) return readTokensPage(ctx.models.staffTokens, undefined, after, limit);
  const communityId = managedCommunity(actor);
  return communityId === undefined ? [] : readTokensPage(ctx.models.staffTokens, communityId, after, limit);
}

/** A revoked token, and whether this call revoked it (false: it was revoked already). */
export interface RevokedToken {
  readonly token: StaffTokenDoc;
  readonly revoked: boolean;
}

/**
 * Revokes a token (`RevokeToken` → `TokenRevoked`, naming who revoked it): it signs no one in from the
 * next request on. A token `actor` does not manage is answered as one that does not exist
 * (`token_not_found`); revoking a revoked token changes nothing.
 */
export async function revokeToken(
  ctx: CommandContext,
  actor: Actor,
  tokenId: string,
  meta: CommandMeta,
): Promise<RevokedToken> {
  const notFound = () => new DomainError('token_not_found', `No token ${tokenId}.`, { tokenId });
  const stored = await readTokenById(ctx.models.staffTokens, tokenId);
  if (stored === null) throw notFound();
  if (
    !isPlatformAdmin(actor) &&
    (stored.communityId === undefined || stored.communityId !== managedCommunity(actor))
  ) {
    throw notFound();
  }
  if (stored.revokedAt !== undefined && stored.revokedAt !== null) return { token: stored, revoked: false };
  await runPlatformCommand(ctx, { type: 'RevokeToken', data: { tokenId, tokenHash: stored._id } }, meta);
  return { token: (await readTokenByHash(ctx.models.staffTokens, stored._id)) ?? stored, revoked: true };
}

/**
 * The staff member a bearer secret signs in, or null: a secret of the token shape whose hash names a
 * stored token (one `_id` lookup) that is neither revoked nor expired at `now`. The actor is the
 * token's role, id and scope; the events they cause name them by the token's id.
 */
export async function resolveStaffToken(ctx: CommandContext, secret: string): Promise<Actor | null> {
  if (!SECRET_SHAPE.test(secret)) return null;
  const token = await readTokenByHash(ctx.models.staffTokens, tokenHash(secret));
  if (token === null) return null;
  if (token.revokedAt !== undefined && token.revokedAt !== null) return null;
  if (new Date(token.expiresAt).getTime() <= ctx.clock.now().getTime()) return null;
  return {
    kind: token.role,
    id: token.tokenId,
    roles: [token.role],
    scope: { kind: token.scope.kind, id: token.scope.id },
  };
}
