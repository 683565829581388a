import { z } from 'zod';
import { MAX_TOKEN_DAYS, SCOPE_KINDS, STAFF_ROLES } from '../../../domain/platform/index.js';

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
