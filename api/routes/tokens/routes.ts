import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { issueToken, listTokensPage, revokeToken } from '../../../commands/staff-tokens.js';
import type { StaffTokenDoc } from '../../../models/staff-token.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { actorOf, apiMeta } from '../meta.js';
import { decodeCursor, pageFrom, PageQuery, presentPage } from '../../pagination.js';
import {
  IssuedTokenView,
  IssueTokenBody,
  StaffTokensView,
  TokenParams,
  TokenRevokedView,
  TokensList,
} from './schema.js';

/** A token as its managers see it: never its secret nor its hash. */
function presentToken(token: StaffTokenDoc, now: Date) {
  const revokedAt = token.revokedAt ?? undefined;
  const expiresAt = new Date(token.expiresAt);
  return {
    id: token.tokenId,
    name: token.name,
    role: token.role,
    scope: { kind: token.scope.kind, id: token.scope.id },
    issuedAt: new Date(token.issuedAt).toISOString(),
    issuedBy: { kind: token.issuedBy.kind, id: token.issuedBy.id },
    expiresAt: expiresAt.toISOString(),
    ...(revokedAt === undefined ? {} : { revokedAt: new Date(revokedAt).toISOString() }),
    status: revokedAt !== undefined ? 'revoked' : expiresAt.getTime() <= now.getTime() ? 'expired' : 'active',
  };
}

/**
 * Per-person staff tokens: `POST /tokens` (issue: 201, the secret shown this once), `GET /tokens` (a
 * page of the tokens the caller manages, oldest first, without secrets) and `DELETE /tokens/:tokenId` (revoke).
 */
export function tokenRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.post(
    '/tokens',
    validate(
      {
        summary: 'Issue a per-person staff token (its secret is shown this once)',
        body: IssueTokenBody,
        responses: { 201: IssuedTokenView },
        errors: ['forbidden', 'place_not_found', 'wrong_place_kind', 'unit_not_registered'],
      },
      async (ctx, { body }) => {
        const meta = apiMeta(ctx, commands);
        const issued = await issueToken(commands, actorOf(ctx), body, meta);
        ctx.status = 201;
        ctx.set('Cache-Control', 'no-store');
        ctx.set('Location', `/api/v1/tokens/${issued.token.tokenId}`);
        ctx.body = { ...presentToken(issued.token, meta.now), token: issued.secret };
      },
    ),
  );

  router.get(
    '/tokens',
    validate(
      {
        summary: 'The staff tokens the caller manages, in the order issued, a page at a time; never a secret',
        query: PageQuery,
        responses: { 200: StaffTokensView },
        errors: [],
      },
      async (ctx, { query }) => {
        const now = commands.clock.now();
        const after = decodeCursor(TokensList, '', query.cursor);
        const read = await listTokensPage(
          commands,
          actorOf(ctx),
          after === undefined ? undefined : { issuedAt: new Date(after[0]), tokenId: after[1] },
          query.limit + 1,
        );
        const keyOf = (token: StaffTokenDoc): [string, string] => [
          new Date(token.issuedAt).toISOString(),
          token.tokenId,
        ];
        const page = pageFrom(TokensList, '', read, keyOf, query.limit);
        ctx.body = presentPage(page, (token) => presentToken(token, now));
      },
    ),
  );

  router.delete(
    '/tokens/:tokenId',
    validate(
      {
        summary: 'Revoke a staff token: it signs no one in from the next request on',
        params: TokenParams,
        responses: { 200: TokenRevokedView },
        errors: ['token_not_found'],
      },
      async (ctx, { params }) => {
        const meta = apiMeta(ctx, commands);
        const { token, revoked } = await revokeToken(commands, actorOf(ctx), params.tokenId, meta);
        ctx.body = { ...presentToken(token, meta.now), revoked };
      },
    ),
  );

  return router;
}
