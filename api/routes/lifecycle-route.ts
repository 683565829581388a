import type Router from '@koa/router';
import type { ZodType, z } from 'zod';
import type { CommandContext } from '../../commands/kernel/context.js';
import type { LifecycleStepResult } from '../../commands/lifecycle-step.js';
import type { CaseState } from '../../domain/case/index.js';
import type { ErrorCode } from '../../domain/errors.js';
import { validate } from '../middleware/validate.js';
import { apiMeta } from './meta.js';
import { UnitParams } from './units/schema.js';

/** The gates every step after the vote may meet, besides its own. */
export const STEP_GATES: readonly ErrorCode[] = ['unit_not_registered', 'wrong_stage', 'invalid_date'];

/** One step's route: where, what it does, its body, what it answers with, its own refusals, how it runs. */
export interface LifecycleStepSpec<B extends ZodType> {
  readonly path: string;
  readonly summary: string;
  readonly body: B;
  readonly view: ZodType;
  readonly errors: readonly ErrorCode[];
  readonly present: (unitId: string, state: CaseState) => object;
  readonly run: (
    unitId: string,
    body: z.output<B>,
    meta: ReturnType<typeof apiMeta>,
  ) => Promise<LifecycleStepResult>;
}

/**
 * Mounts one step of the case after the vote as `POST <path>` on `router`: its body checked, the step
 * run, and 201 with what `present` shows of the case after it, the step's event (seq, type) and
 * whether the group was told.
 */
export function lifecycleStepRoute<B extends ZodType>(
  router: Router,
  commands: CommandContext,
  spec: LifecycleStepSpec<B>,
): void {
  router.post(
    spec.path,
    validate(
      {
        summary: spec.summary,
        params: UnitParams,
        body: spec.body,
        responses: { 201: spec.view },
        errors: [...STEP_GATES, ...spec.errors],
      },
      async (ctx, input) => {
        const done = await spec.run(input.params.unitId, input.body as z.output<B>, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = {
          ...spec.present(done.unitId, done.state),
          seq: done.event.seq,
          type: done.event.type,
          announcement: done.announcement,
        };
      },
    ),
  );
}
