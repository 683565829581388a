/**
 * `acknowledgeObjection` (`收到 <ref>`) on the real database: the reference finds its unit; a
 * committee member or the applicant representative of that unit acknowledges once (in the role the
 * policy names first), from chat; anyone else — a resident, someone with a role in another unit — is
 * refused; a reference that names no objection (unknown, an alert's, one claimed but never recorded)
 * is `objection_not_found`. Refused ⇒ nothing appended.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { acknowledgeObjection } from '../../commands/acknowledge-objection.js';
import { raiseAlert } from '../../commands/alerts.js';
import { bindHousehold } from '../../commands/bind-household.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { OBJECTION_REF_PREFIX } from '../../domain/case/index.js';
import { claimNextRef } from '../../models/objection-ref.js';
import { adminAt, openCommandWorld, slipsOf, T0, type CommandWorld } from '../support/commands.js';
import {
  givenPaperObjection,
  givenRole,
  givenUnitInPublicity,
  IN_PUBLICITY_MS,
} from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
let unitId: string;
let ref: string;
beforeAll(async () => {
  world = await openCommandWorld('acknowledge-objection');
  ctx = world.ctx;
  unitId = await givenUnitInPublicity(ctx);
  await givenRole(ctx, unitId, 'wx-zhang', 'committee');
  await givenRole(ctx, unitId, 'wx-rep', 'applicant');
  // Recorded as applicant first: the policy's order, not the record's, names the role.
  await givenRole(ctx, unitId, 'wx-both', 'applicant');
  await givenRole(ctx, unitId, 'wx-both', 'committee');
  const slip = await slipsOf(ctx, unitId);
  await bindHousehold(ctx, { contactId: 'wx-101', code: slip('101') }, adminAt());
  ({ reference: ref } = await givenPaperObjection(ctx, unitId));
});
afterAll(() => world.close());

const at = (ms = IN_PUBLICITY_MS) => ({ now: new Date(Date.parse(T0) + ms) });
const streamLength = async (id = unitId) => (await ctx.streams.load(id)).length;

describe('acknowledgeObjection', () => {
  it('records a committee member’s 收到 once, from chat; again changes nothing', async () => {
    expect(await acknowledgeObjection(ctx, { contactId: 'wx-zhang', ref }, at())).toEqual({
      kind: 'acknowledged',
      ref,
      unitId,
    });
    const event = (await ctx.streams.load(unitId)).at(-1)!;
    expect(event).toMatchObject({
      type: 'ObjectionAcknowledged',
      actor: { kind: 'committee', id: 'wx-zhang' },
      channel: 'wechat',
      at: at().now,
      data: { objectionId: ref, contactId: 'wx-zhang', role: 'committee' },
    });
    const length = await streamLength();
    expect(await acknowledgeObjection(ctx, { contactId: 'wx-zhang', ref }, at(IN_PUBLICITY_MS + 1))).toEqual({
      kind: 'already',
      ref,
      unitId,
    });
    expect(await streamLength()).toBe(length);
  });

  it('acts as the applicant representative for them, and as the committee for someone holding both', async () => {
    await acknowledgeObjection(ctx, { contactId: 'wx-rep', ref }, at());
    await acknowledgeObjection(ctx, { contactId: 'wx-both', ref }, at());
    const events = (await ctx.streams.load(unitId)).slice(-2);
    expect(events.map((event) => [event.actor, (event.data as { role: string }).role])).toEqual([
      [{ kind: 'applicant', id: 'wx-rep' }, 'applicant'],
      [{ kind: 'committee', id: 'wx-both' }, 'committee'],
    ]);
    const { state } = await loadCase(ctx, unitId);
    const objection = state.objections.find((o) => o.objectionId === ref)!;
    expect(objection.acknowledgements!.map((ack) => ack.contactId)).toEqual([
      'wx-zhang',
      'wx-rep',
      'wx-both',
    ]);
  });

  it('refuses a resident of the unit, a stranger and a committee member of another unit', async () => {
    const other = await givenUnitInPublicity(ctx);
    await givenRole(ctx, other, 'wx-elsewhere', 'committee');
    const length = await streamLength();
    for (const contactId of ['wx-101', 'wx-stranger', 'wx-elsewhere']) {
      await expect(acknowledgeObjection(ctx, { contactId, ref }, at())).rejects.toMatchObject({
        code: 'forbidden',
        details: { action: 'acknowledge_objection' },
      });
    }
    expect(await streamLength()).toBe(length);
  });

  it('answers objection_not_found for a reference that names no objection', async () => {
    const alert = await raiseAlert(ctx, unitId, { kind: 'no_quorum', key: 'test:no-quorum' }, at().now);
    const unrecorded = await claimNextRef(world.models.objectionRefs, OBJECTION_REF_PREFIX, unitId, at().now);
    const length = await streamLength();
    for (const missing of ['YY-99999', alert.alertId, unrecorded]) {
      await expect(
        acknowledgeObjection(ctx, { contactId: 'wx-zhang', ref: missing }, at()),
      ).rejects.toMatchObject({ code: 'objection_not_found', details: { objectionId: missing } });
    }
    expect(await streamLength()).toBe(length);
  });
});
