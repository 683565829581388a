/**
 * Residents sign in (the mini-program): a session from WeChat's `wx.login` code, or — in development
 * only — from a flat's binding code; a signed-in resident binds their flats with the codes on their
 * slips, exactly as they would by saying `绑定 <code>` to the bot. Each session issued or ended is an
 * event on the platform's stream (`SessionIssued`, `SessionRevoked`); only its secret's hash is kept.
 */
import { randomBytes } from 'node:crypto';
import type { Actor, ResidentFlat } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import type { SignInMethod } from '../domain/platform/index.js';
import { sha256Hex } from '../lib/hash.js';
import { WechatAuthError, type WechatAuth } from '../lib/wechat-auth.js';
import { readContact } from '../models/contact.js';
import { readSessionByHash, type ResidentSessionDoc } from '../models/resident-session.js';
import { bindHousehold, type BindHouseholdResult } from './bind-household.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { newSessionId } from './kernel/ids.js';
import { runPlatformCommand } from './kernel/run-platform.js';

/** Every session secret starts so (a staff token with `jt_`), so a leaked one is recognised. */
export const SESSION_PREFIX = 'js_';
const SESSION_SHAPE = /^js_[A-Za-z0-9_-]{43}$/;

/** How long a resident stays signed in: 30 days, then the mini-program signs in again (silently). */
export const SESSION_DAYS = 30;

/** A session just issued: its secret (shown this once), the stored record, the flats it reaches. */
export interface SignedIn {
  readonly secret: string;
  readonly session: ResidentSessionDoc;
  readonly flats: readonly ResidentFlat[];
}

/**
 * The flats `contactId` is bound to and confirmed in: the `contacts` projection names the units, and
 * each unit's case says which of its bindings stand. A binding still waiting for the owners'
 * confirmation (a request to join with a used slip, a proxy not yet confirmed) reaches nothing yet.
 */
export async function flatsOf(ctx: CommandContext, contactId: string): Promise<ResidentFlat[]> {
  const contact = await readContact(ctx.models.contacts, contactId);
  const unitIds = [...new Set((contact?.flats ?? []).map((flat) => flat.unitId))];
  const flats: ResidentFlat[] = [];
  for (const unitId of unitIds) {
    const { state } = await loadCase(ctx, unitId);
    for (const binding of state.households) {
      if (binding.contactId === contactId && binding.pending !== true)
        flats.push({ unitId, room: binding.room });
    }
  }
  return flats;
}

async function issueSession(
  ctx: CommandContext,
  contactId: string,
  method: SignInMethod,
  now: Date,
): Promise<SignedIn> {
  const secret = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const hash = sha256Hex(secret);
  await runPlatformCommand(
    ctx,
    {
      type: 'IssueSession',
      data: {
        sessionId: newSessionId(),
        contactId,
        method,
        sessionHash: hash,
        expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      },
    },
    { actor: { kind: 'resident', id: contactId }, channel: 'miniprogram', now },
  );
  const session = await readSessionByHash(ctx.models.residentSessions, hash);
  if (session === null) throw new Error('the issued session was not stored');
  return { secret, session, flats: await flatsOf(ctx, contactId) };
}

/**
 * Signs a resident in with the mini-program's `wx.login` code: WeChat says who they are (`openid`),
 * and the session signs in the contact `mp:<openid>` — the same person on every device, with whatever
 * flats they bound before. Refusals: `sign_in_code_invalid`, `sign_in_unavailable` (nothing stored).
 */
export async function signInWithWechat(
  ctx: CommandContext,
  auth: WechatAuth,
  code: string,
  now: Date,
): Promise<SignedIn> {
  let identity;
  try {
    identity = await auth.code2Session(code);
  } catch (error) {
    if (!(error instanceof WechatAuthError)) throw error;
    throw error.reason === 'code_refused'
      ? new DomainError('sign_in_code_invalid', error.message, { errcode: error.errcode })
      : new DomainError('sign_in_unavailable', error.message);
  }
  return issueSession(ctx, `mp:${identity.openid}`, 'wechat', now);
}

/** Throws the API's refusal for a binding that did not bind; returns the bound outcome. */
function boundOrRefused(result: BindHouseholdResult): Extract<BindHouseholdResult, { kind: 'bound' }> {
  switch (result.kind) {
    case 'bound':
      return result;
    case 'wrong_code':
      throw new DomainError('binding_code_wrong', 'No such binding code.', { triesLeft: result.triesLeft });
    case 'locked':
      throw new DomainError('binding_locked', 'Binding is locked for a while.', {
        until: result.until.toISOString(),
      });
    case 'revoked':
    case 'said_in_group':
      throw new DomainError('binding_code_void', 'The binding code was revoked or has expired.');
  }
}

/**
 * The development exchange (only where it is switched on: `JIATI_DEV_SIGN_IN=1`): a flat's binding code
 * stands in for WeChat. The code binds, as it would in chat, a development contact of its own
 * (`dev:` and a digest of the code, so the same slip signs the same person in again), and a session
 * for that contact is issued. Refusals: those of binding (`binding_code_wrong`, `binding_locked`,
 * `binding_code_void`).
 */
export async function signInWithBindingCode(ctx: CommandContext, code: string, now: Date): Promise<SignedIn> {
  const contactId = `dev:${sha256Hex(`jiati-dev-sign-in:${code}`).slice(0, 24)}`;
  boundOrRefused(await bindHousehold(ctx, { contactId, code, channel: 'miniprogram' }, { now }));
  return issueSession(ctx, contactId, 'dev', now);
}

/**
 * A signed-in resident binds a flat with its slip's code, from the mini-program: the same binding as
 * `绑定 <code>` in chat (first owner, co-owner, or a request the owners confirm), recorded through
 * the `miniprogram` channel. Answers the flat and whether the binding waits for a confirmation.
 */
export async function bindMyFlat(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'id'>,
  code: string,
  now: Date,
): Promise<Extract<BindHouseholdResult, { kind: 'bound' }>> {
  if (actor.kind !== 'resident') {
    throw new DomainError('forbidden', 'Only a signed-in resident binds a flat.', { action: 'bind_flat' });
  }
  return boundOrRefused(
    await bindHousehold(ctx, { contactId: actor.id, code, channel: 'miniprogram' }, { now }),
  );
}

/**
 * The resident a bearer secret signs in, or null: a secret of the session shape whose hash names a
 * stored session that is neither revoked nor expired. Their scope is the flats their contact is bound
 * to now (a binding made a minute ago counts at once).
 */
export async function resolveResidentSession(ctx: CommandContext, secret: string): Promise<Actor | null> {
  if (!SESSION_SHAPE.test(secret)) return null;
  const session = await readSessionByHash(ctx.models.residentSessions, sha256Hex(secret));
  if (session === null || (session.revokedAt !== undefined && session.revokedAt !== null)) return null;
  if (new Date(session.expiresAt).getTime() <= ctx.clock.now().getTime()) return null;
  return {
    kind: 'resident',
    id: session.contactId,
    roles: [],
    scope: { kind: 'flats', flats: await flatsOf(ctx, session.contactId) },
  };
}

/** Signs the session of `secret` out (`SessionRevoked`); a session ended already changes nothing. */
export async function signOut(ctx: CommandContext, secret: string, now: Date): Promise<void> {
  const hash = sha256Hex(secret);
  const session = await readSessionByHash(ctx.models.residentSessions, hash);
  if (session === null || (session.revokedAt !== undefined && session.revokedAt !== null)) return;
  await runPlatformCommand(
    ctx,
    { type: 'RevokeSession', data: { sessionId: session.sessionId, sessionHash: hash } },
    { actor: { kind: 'resident', id: session.contactId }, channel: 'miniprogram', now },
  );
}
