/**
 * `recordMediation` on the real database: the ladder is climbed in order (negotiation or the
 * committee first, never a rung skipped nor gone back down), a failed step leaves the objection open,
 * a hearing needs its full record and closes the objection whatever its outcome, and nothing follows a
 * closed objection. Only effective objections are mediated. After publicity, the last open effective
 * objection closing moves the case to the application; the result names those still open. Every
 * refusal appends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { recordMediation, type RecordMediationInput } from '../../commands/record-mediation.js';
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
  world = await openCommandWorld('record-mediation');
  ctx = world.ctx;
});
afterAll(() => world.close());

/** 2025-03-12 in Shanghai: the day after the objection was filed, still in publicity. */
const MEDIATED_MS = IN_PUBLICITY_MS + 86_400_000;

function mediate(
  unitId: string,
  objectionId: string,
  step: Pick<RecordMediationInput, 'level' | 'outcome'> & Partial<RecordMediationInput>,
  ms = MEDIATED_MS,
) {
  return recordMediation(
    ctx,
    { unitId, objectionId, heldOn: '2025-03-12', participants: ['王某', '申请人代表'], ...step },
    adminAt(ms),
  );
}

/** Expects `attempt` refused with `code` (and `details`), appending and queueing nothing. */
const expectRefused = refusalsOn(() => ctx.models);

describe('recordMediation', () => {
  it('climbs the ladder in order up to a hearing, which closes the objection whatever its outcome', async () => {
    const unitId = await givenUnitInPublicity(ctx);
    const { reference: ref } = await givenPaperObjection(ctx, unitId);
    await expectRefused(
      unitId,
      () => mediate(unitId, ref, { level: 'subdistrict', outcome: 'failed' }),
      'mediation_out_of_order',
      {
        level: 'subdistrict',
        allowed: ['negotiation', 'committee'],
      },
    );

    const negotiated = await mediate(unitId, ref, {
      level: 'negotiation',
      outcome: 'failed',
      summary: '未谈拢',
    });
    expect(negotiated.objection.status).toBe('open');
    expect(negotiated.openObjectionIds).toEqual([ref]);
    expect(negotiated.event).toMatchObject({
      type: 'MediationRecorded',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: {
        objectionId: ref,
        level: 'negotiation',
        heldOn: '2025-03-12',
        participants: ['王某', '申请人代表'],
        outcome: 'failed',
        objectionStatus: 'open',
        summary: '未谈拢',
      },
    });

    await mediate(unitId, ref, { level: 'committee', outcome: 'refused' });
    await expectRefused(
      unitId,
      () => mediate(unitId, ref, { level: 'negotiation', outcome: 'failed' }),
      'mediation_out_of_order',
      {
        allowed: ['committee', 'subdistrict'],
      },
    );
    await mediate(unitId, ref, { level: 'subdistrict', outcome: 'failed' });
    await expectRefused(
      unitId,
      () => mediate(unitId, ref, { level: 'hearing', outcome: 'failed', recordRef: '  ' }),
      'hearing_not_recorded',
    );
    const heard = await mediate(unitId, ref, {
      level: 'hearing',
      outcome: 'failed',
      recordRef: '听证笔录-1',
    });
    expect(heard.objection.status).toBe('closed_after_hearing');
    expect(heard.objection.mediations.map((step) => step.level)).toEqual([
      'negotiation',
      'committee',
      'subdistrict',
      'hearing',
    ]);
    expect(heard.openObjectionIds).toEqual([]);
    // Still in publicity: closing the objection does not end it.
    expect(heard.state.stage).toBe('publicity');
    await expectRefused(
      unitId,
      () => mediate(unitId, ref, { level: 'hearing', outcome: 'resolved', recordRef: 'x' }),
      'objection_closed',
      {
        status: 'closed_after_hearing',
      },
    );
  });

  it('refuses an ineffective objection, a day out of range, and unknown ids', async () => {
    const unitId = await givenUnitInPublicity(ctx);
    const { reference: ref } = await givenPaperObjection(ctx, unitId);
    const { reference: late } = await givenPaperObjection(ctx, unitId, PUBLICITY_ENDS_MS + 1);
    await expectRefused(
      unitId,
      () => mediate(unitId, late, { level: 'negotiation', outcome: 'resolved' }, PUBLICITY_ENDS_MS + 1),
      'objection_not_effective',
      {
        ineffectiveReasons: ['outside_window'],
      },
    );
    // Filed on 2025-03-11, mediated on 2025-03-12 at the latest (today).
    for (const heldOn of ['2025-03-10', '2025-03-13', '12 March']) {
      await expectRefused(
        unitId,
        () => mediate(unitId, ref, { level: 'negotiation', outcome: 'failed', heldOn }),
        'validation_error',
        {
          field: 'heldOn',
        },
      );
    }
    await expectRefused(
      unitId,
      () => mediate(unitId, 'YY-99999', { level: 'negotiation', outcome: 'failed' }),
      'objection_not_found',
    );
    await expect(
      mediate('u_aaaaaaaaaaaaaaaa', ref, { level: 'negotiation', outcome: 'failed' }),
    ).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
    // The day it was filed is a day it may be mediated on.
    const sameDay = await mediate(unitId, ref, {
      level: 'committee',
      outcome: 'failed',
      heldOn: '2025-03-11',
    });
    expect(sameDay.objection.mediations).toHaveLength(1);
  });

  it('after publicity, moves the case to the application when the last open objection closes', async () => {
    const unitId = await givenUnitInPublicity(ctx);
    const { reference: first } = await givenPaperObjection(ctx, unitId);
    const { reference: second } = await givenPaperObjection(ctx, unitId);
    await endPublicity(ctx, unitId, new Date(Date.parse(T0) + PUBLICITY_ENDS_MS));
    expect((await loadCase(ctx, unitId)).state.stage).toBe('objections');

    const after = PUBLICITY_ENDS_MS + 1;
    const resolved = await mediate(unitId, first, { level: 'committee', outcome: 'resolved' }, after);
    expect(resolved.objection.status).toBe('resolved');
    expect(resolved.openObjectionIds).toEqual([second]);
    expect(resolved.state.stage).toBe('objections');

    const withdrawn = await mediate(unitId, second, { level: 'negotiation', outcome: 'withdrawn' }, after);
    expect(withdrawn.objection.status).toBe('withdrawn');
    expect(withdrawn.openObjectionIds).toEqual([]);
    expect(withdrawn.state.stage).toBe('application');
  });
});
