import type { PlatformCommand, PlatformEvent, PlatformState } from '../../domain/platform/index.js';
import { CaseStreams, PLATFORM_STREAM_ID, type StoredEvent } from '../../models/case-stream.js';
import { writePlace } from '../../models/place.js';
import { recordAllowance } from '../../models/reminder-allowance.js';
import { insertSession, markSessionRevoked } from '../../models/resident-session.js';
import { insertToken, markTokenRevoked } from '../../models/staff-token.js';
import type { Models } from '../../models/index.js';
import type { CommandContext } from './context.js';
import type { CommandMeta, Executed } from './stream-runner.js';

/**
 * Writes what one platform event changes into its projection: a place into `places`, an issued token
 * into `staff_tokens` (a session into `resident_sessions`), a revocation onto its token or session. Idempotent, so a whole stream replayed in order
 * rebuilds both (see {@link rebuildPlatformViews}).
 */
async function project(models: Models, state: PlatformState, event: StoredEvent): Promise<void> {
  const { type, data } = event as unknown as PlatformEvent;
  switch (type) {
    case 'PlaceCreated': {
      const place = state.places[data.placeId];
      if (place !== undefined) await writePlace(models.places, place);
      return;
    }
    case 'TokenIssued':
      await insertToken(models.staffTokens, {
        _id: data.tokenHash,
        tokenId: data.tokenId,
        name: data.name,
        role: data.role,
        scope: { kind: data.scope.kind, id: data.scope.id },
        ...(data.communityId === undefined ? {} : { communityId: data.communityId }),
        issuedAt: new Date(data.issuedAt),
        issuedBy: { kind: event.actor.kind, id: event.actor.id },
        expiresAt: new Date(data.expiresAt),
      });
      return;
    case 'TokenRevoked':
      await markTokenRevoked(models.staffTokens, data.tokenHash, new Date(data.revokedAt), {
        kind: event.actor.kind,
        id: event.actor.id,
      });
      return;
    case 'SessionIssued':
      await insertSession(models.residentSessions, {
        _id: data.sessionHash,
        sessionId: data.sessionId,
        contactId: data.contactId,
        method: data.method,
        issuedAt: new Date(data.issuedAt),
        expiresAt: new Date(data.expiresAt),
      });
      return;
    case 'SessionRevoked':
      await markSessionRevoked(models.residentSessions, data.sessionHash, new Date(data.revokedAt));
      return;
    case 'RemindersAllowed':
      for (const kind of data.kinds) {
        await recordAllowance(models.reminderAllowances, {
          contactId: data.contactId,
          kind,
          seq: event.seq,
          at: new Date(data.allowedAt),
        });
      }
      return;
  }
}

/**
 * Runs one platform command on the platform's stream (`PLATFORM_STREAM_ID`): decided by
 * `domain/platform`, appended hash-chained like a case's event, logged by seq, type and actor kind
 * (never the data: a token's holder is named there), then projected before it returns — a token is
 * usable, or revoked, once the command has answered. A projection that fails fails the command after
 * its event is stored; asking again projects again (revoking twice records a second revocation).
 */
export async function runPlatformCommand(
  ctx: CommandContext,
  command: PlatformCommand,
  meta: CommandMeta,
): Promise<Executed<PlatformState>> {
  const executed = await ctx.platform.execute(PLATFORM_STREAM_ID, command, meta);
  for (const event of executed.events) {
    ctx.log.info(
      { stream: PLATFORM_STREAM_ID, seq: event.seq, type: event.type, actor: event.actor.kind },
      'platform event appended',
    );
    await project(ctx.models, executed.state, event);
  }
  return executed;
}

/** The platform's state as this process knows it, reading the events appended since (by `_id`). */
export async function loadPlatform(ctx: CommandContext): Promise<PlatformState> {
  return (await ctx.platform.load(PLATFORM_STREAM_ID)).state;
}

/**
 * Rewrites `places` and `staff_tokens` from the platform's whole stream, in order (rebuild tools):
 * what a failed projection left out is written. Returns how many events it replayed.
 */
export async function rebuildPlatformViews(ctx: CommandContext): Promise<number> {
  ctx.platform.forget(PLATFORM_STREAM_ID);
  const { state } = await ctx.platform.load(PLATFORM_STREAM_ID);
  const streams = new CaseStreams(ctx.models.caseEvents, { registered: false });
  const events = await streams.load(PLATFORM_STREAM_ID);
  for (const event of events) await project(ctx.models, state, event);
  return events.length;
}
