/**
 * `withdrawObjection` and `withdrawMediation` on the real database: a withdrawal is a new event that
 * supersedes, never an edit — the objection keeps its mediation, the step keeps its place. An
 * objector's withdrawal names its written record; nothing is withdrawn twice; only the latest standing
 * step may go, and the ladder then counts from the steps still standing. A step that had closed the
 * last objection reopens it and takes the case back to `objections` — until the application has been
 * submitted. Every refusal appends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { submitApplication } from '../../commands/application.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { recordMediation } from '../../commands/record-mediation.js';
import { withdrawMediation, withdrawObjection } from '../../commands/withdraw-objection.js';
import type { MediationLevel, MediationOutcome } from '../../domain/case/index.js';
import { endPublicity } from '../support/api-helpers.js';
import { adminAt, openCommandWorld, T0, type CommandWorld, refusalsOn } from '../support/commands.js';
import {
  givenPaperObjection,
  givenUnitInPublicity,
  IN_PUBLICITY_MS,
  PUBLICITY_ENDS_MS,
} from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('withdraw-objection');
  ctx = world.ctx;
});
afterAll(() => world.close());

const AFTER_MS = PUBLICITY_ENDS_MS + 1;

function mediate(unitId: string, objectionId: string, level: MediationLevel, outcome: MediationOutcome) {
  return recordMediation(
    ctx,
    { unitId, objectionId, level, outcome, heldOn: '2025-03-12', participants: ['王某'] },
    adminAt(AFTER_MS),
  );
}

/** Expects `attempt` refused with `code` (and `details`), appending and queueing nothing. */
const expectRefused = refusalsOn(() => ctx.models);

describe('withdrawObjection', () => {
  let unitId: string;
  let ref: string;
  beforeAll(async () => {
    unitId = await givenUnitInPublicity(ctx);
    ({ reference: ref } = await givenPaperObjection(ctx, unitId));
  });

  it('refuses an objector’s withdrawal without its record, an unknown party, an empty reason, unknown ids', async () => {
    const input = { unitId, objectionId: ref, reason: '已协商' };
    await expectRefused(
      unitId,
      () => withdrawObjection(ctx, { ...input, by: 'objector' }, adminAt(IN_PUBLICITY_MS)),
      'validation_error',
      { field: 'reference' },
    );
    await expectRefused(
      unitId,
      () =>
        withdrawObjection(
          ctx,
          { ...input, by: 'neighbour' as 'objector', reference: 'W-1' },
          adminAt(IN_PUBLICITY_MS),
        ),
      'validation_error',
      { field: 'by' },
    );
    await expectRefused(
      unitId,
      () => withdrawObjection(ctx, { ...input, by: 'committee', reason: ' ' }, adminAt(IN_PUBLICITY_MS)),
      'validation_error',
      { field: 'reason' },
    );
    await expectRefused(
      unitId,
      () =>
        withdrawObjection(
          ctx,
          { ...input, by: 'committee', objectionId: 'YY-99999' },
          adminAt(IN_PUBLICITY_MS),
        ),
      'objection_not_found',
    );
    await expect(
      withdrawObjection(
        ctx,
        { ...input, by: 'committee', unitId: 'u_aaaaaaaaaaaaaaaa' },
        adminAt(IN_PUBLICITY_MS),
      ),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
  });

  it('marks it withdrawn on the objector’s written word, keeping its mediation; never twice', async () => {
    await recordMediation(
      ctx,
      {
        unitId,
        objectionId: ref,
        level: 'negotiation',
        outcome: 'failed',
        heldOn: '2025-03-11',
        participants: ['王某'],
      },
      adminAt(IN_PUBLICITY_MS),
    );
    const withdrawn = await withdrawObjection(
      ctx,
      { unitId, objectionId: ref, by: 'objector', reason: '已协商', reference: '撤回书-1' },
      adminAt(IN_PUBLICITY_MS + 1),
    );
    expect(withdrawn.objection).toMatchObject({
      objectionId: ref,
      status: 'withdrawn',
      effective: true,
      withdrawal: {
        by: 'objector',
        reason: '已协商',
        reference: '撤回书-1',
        withdrawnAt: adminAt(IN_PUBLICITY_MS + 1).now.toISOString(),
      },
    });
    expect(withdrawn.objection.mediations).toHaveLength(1);
    expect(withdrawn.openObjectionIds).toEqual([]);
    expect(withdrawn.event).toMatchObject({
      type: 'ObjectionWithdrawn',
      actor: { kind: 'admin' },
      channel: 'api',
    });

    await expectRefused(
      unitId,
      () =>
        withdrawObjection(
          ctx,
          { unitId, objectionId: ref, by: 'committee', reason: '误录' },
          adminAt(IN_PUBLICITY_MS + 2),
        ),
      'objection_already_withdrawn',
    );
    await expectRefused(
      unitId,
      () =>
        withdrawMediation(
          ctx,
          { unitId, objectionId: ref, step: 1, reason: '误录' },
          adminAt(IN_PUBLICITY_MS + 2),
        ),
      'objection_already_withdrawn',
    );
  });
});

describe('withdrawMediation', () => {
  it('withdraws only the latest standing step; the ladder then counts from the steps left', async () => {
    const unitId = await givenUnitInPublicity(ctx);
    const { reference: ref } = await givenPaperObjection(ctx, unitId);
    await mediate(unitId, ref, 'negotiation', 'failed');
    await mediate(unitId, ref, 'committee', 'failed');
    const withdraw = (step: number) =>
      withdrawMediation(ctx, { unitId, objectionId: ref, step, reason: '录错了' }, adminAt(AFTER_MS));

    for (const step of [0, 3, 1.5]) {
      await expectRefused(unitId, () => withdraw(step), 'mediation_step_not_found', { step });
    }
    await expectRefused(unitId, () => withdraw(1), 'mediation_not_latest', { step: 1, latest: 2 });

    const second = await withdraw(2);
    expect(second.objection.mediations.map((s) => [s.level, s.withdrawal?.reason])).toEqual([
      ['negotiation', undefined],
      ['committee', '录错了'],
    ]);
    expect(second.event).toMatchObject({
      type: 'MediationWithdrawn',
      data: { step: 2, objectionStatus: 'open' },
    });
    await expectRefused(unitId, () => withdraw(2), 'mediation_not_latest', { step: 2, latest: 1 });
    await withdraw(1);
    await expectRefused(unitId, () => withdraw(1), 'mediation_not_latest', { step: 1 });
    // No step stands: there is no latest to name.
    await expect(withdraw(1)).rejects.toHaveProperty('details', { objectionId: ref, step: 1 });
    // With no step standing, the ladder starts again: the sub-district is out of order.
    await expect(mediate(unitId, ref, 'subdistrict', 'failed')).rejects.toMatchObject({
      code: 'mediation_out_of_order',
      details: { allowed: ['negotiation', 'committee'] },
    });
    expect((await mediate(unitId, ref, 'committee', 'failed')).objection.mediations).toHaveLength(3);
  });

  it('reopens the last objection and takes the case back to objections, until the application is submitted', async () => {
    const unitId = await givenUnitInPublicity(ctx);
    const { reference: ref } = await givenPaperObjection(ctx, unitId);
    await endPublicity(ctx, unitId, new Date(Date.parse(T0) + PUBLICITY_ENDS_MS));
    expect((await mediate(unitId, ref, 'committee', 'resolved')).state.stage).toBe('application');

    const reopened = await withdrawMediation(
      ctx,
      { unitId, objectionId: ref, step: 1, reason: '调解书未签字' },
      adminAt(AFTER_MS),
    );
    expect(reopened.objection.status).toBe('open');
    expect(reopened.openObjectionIds).toEqual([ref]);
    expect(reopened.state.stage).toBe('objections');

    await mediate(unitId, ref, 'committee', 'resolved');
    await submitApplication(ctx, { unitId, materials: ['协议书'] }, adminAt(AFTER_MS));
    await expectRefused(
      unitId,
      () =>
        withdrawMediation(ctx, { unitId, objectionId: ref, step: 2, reason: '录错了' }, adminAt(AFTER_MS)),
      'application_already_submitted',
    );
  });
});
