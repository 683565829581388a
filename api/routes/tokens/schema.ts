import { z } from 'zod';
import { MAX_TOKEN_DAYS, SCOPE_KINDS, STAFF_ROLES } from '../../../domain/platform/index.js';
import { named } from '../../openapi/registry.js';
import { Instant, pageView } from '../views.js';
import { KeyId, KeyInstant, pagedList } from '../../pagination.js';

/**
 * `POST /tokens`: a per-person token for `name` (whose it is, as people say it) in `role`, working in
 * `scope` (a district, sub-district or community by its place id, or a unit by its id), valid for
 * `expiresInDays`.
 */
export const IssueTokenBody = z.object({
  name: z.string().trim().min(1, 'is required').max(64),
  role: z.enum(STAFF_ROLES),
  scope: z.object({ kind: z.enum(SCOPE_KINDS), id: z.string().trim().min(1).max(64) }),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type IssueTokenBody = z.infer<typeof IssueTokenBody>;

/** `/tokens/:tokenId`: a token's public id (never its secret). */
export const TokenParams = z.object({ tokenId: z.string().max(64) });
export type TokenParams = z.infer<typeof TokenParams>;

// ——— Answers ———

const TokenShape = {
  id: z.string(),
  /** Whose token it is, as the issuer wrote it. */
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  scope: z.strictObject({ kind: z.enum(SCOPE_KINDS), id: z.string() }),
  issuedAt: Instant,
  issuedBy: z.strictObject({ kind: z.enum(['admin', ...STAFF_ROLES]), id: z.string() }),
  expiresAt: Instant,
  revokedAt: Instant.optional(),
  status: z.enum(['active', 'expired', 'revoked']),
};

/** A staff token as its managers see it: never its secret nor its hash. */
export const StaffTokenView = named('StaffToken', z.strictObject(TokenShape));

/** `POST /tokens`: the token issued, and its secret — shown this once, stored nowhere. */
export const IssuedTokenView = named(
  'IssuedStaffToken',
  z.strictObject({
    ...TokenShape,
    token: z
      .string()
      .regex(/^jt_/)
      .describe('The secret (`jt_…`), for `Authorization: Bearer`: shown this once, stored only as a hash.'),
  }),
);

/** `GET /tokens`: a page of the tokens the caller manages, in the order issued. */
export const StaffTokensView = pageView('StaffTokens', StaffTokenView);

/** `DELETE /tokens/:tokenId`: the token, and whether this call revoked it (false: it was already). */
export const TokenRevokedView = named(
  'StaffTokenRevoked',
  z.strictObject({ ...TokenShape, revoked: z.boolean() }),
);
/** `GET /tokens` pages the tokens in the order issued, by that instant and then the token's id. */
export const TokensList = pagedList('tokens', z.tuple([KeyInstant, KeyId]));
