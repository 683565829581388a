import type { HolidayTable } from '../domain/calendar/index.js';
import { caseDecider, type CaseCommand, type CaseEvent, type CaseState } from '../domain/case/index.js';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import { CaseStreams } from '../models/case-stream.js';
import type { Models } from '../models/index.js';
import { StreamRunner } from './stream-runner.js';

/** Runs case commands against their streams (one stream per unit). */
export type CaseRunner = StreamRunner<CaseState, CaseCommand, CaseEvent>;

/** What every command needs, built once by the composition root and handed to each transport. */
export interface CommandContext {
  readonly models: Models;
  readonly streams: CaseStreams;
  readonly cases: CaseRunner;
  readonly clock: Clock;
  readonly holidays: HolidayTable;
  readonly log: Log;
}

export function createCommandContext(deps: {
  models: Models;
  clock: Clock;
  holidays: HolidayTable;
  log: Log;
  project?: (caseId: string, state: CaseState) => Promise<void>;
}): CommandContext {
  const streams = new CaseStreams(deps.models.caseEvents);
  const cases: CaseRunner = new StreamRunner(streams, caseDecider, {
    project: deps.project ? (caseId, state) => deps.project!(caseId, state) : undefined,
  });
  return { models: deps.models, streams, cases, clock: deps.clock, holidays: deps.holidays, log: deps.log };
}
