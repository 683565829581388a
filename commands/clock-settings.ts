import { clockSettingsOf, type CaseState } from '../domain/case/index.js';
import { DEFAULT_CLOCK_SETTINGS, planClocks, thresholdsFor } from '../domain/clocks/index.js';
import type {
  ClockSettings,
  ClockSettingsChange,
  PlannedClock,
  StallThresholds,
} from '../domain/clocks/index.js';
import type { CommandContext } from './kernel/context.js';
import { readUnit } from './read-case.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { requireUnitId } from './kernel/ids.js';

/** A unit's clocks as the committee console shows them. */
export interface UnitClocks {
  readonly unitId: string;
  /** The settings in force, and whether the unit changed any. */
  readonly settings: ClockSettings;
  readonly custom: boolean;
  /** The defaults, to show beside them. */
  readonly defaults: ClockSettings;
  /** Elderly or disabled residents: the care thresholds apply. */
  readonly care: boolean;
  readonly thresholdsInForce: StallThresholds;
  /** Every clock running now, soonest first. */
  readonly clocks: readonly PlannedClock[];
}

function present(ctx: CommandContext, unitId: string, state: CaseState): UnitClocks {
  const settings = clockSettingsOf(state);
  return {
    unitId,
    settings,
    custom: state.clockSettings !== undefined,
    defaults: DEFAULT_CLOCK_SETTINGS,
    care: state.needsExtraMediationCare,
    thresholdsInForce: thresholdsFor(settings, state.needsExtraMediationCare),
    clocks: planClocks(state, ctx.holidays),
  };
}

/** A unit's clock settings (with the defaults) and the clocks they set running. Refusals: `unit_not_registered`. */
export async function readClocks(ctx: CommandContext, unitId: string): Promise<UnitClocks> {
  const { state } = await readUnit(ctx, unitId);
  return present(ctx, unitId, state);
}

/**
 * Changes a unit's clock settings (`SetClockSettings`; nothing recorded when nothing changes). The
 * stored deadlines follow the new plan after the event (see `run-case.ts`). Refusals:
 * `unit_not_registered`, `validation_error` naming the field.
 */
export async function changeClocks(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly change: ClockSettingsChange },
  meta: CommandMeta,
): Promise<UnitClocks & { readonly recorded: boolean }> {
  requireUnitId(input.unitId);
  const { state, events } = await runCaseCommand(
    ctx,
    input.unitId,
    { type: 'SetClockSettings', data: { change: input.change } },
    meta,
  );
  return { ...present(ctx, input.unitId, state), recorded: events.length > 0 };
}
