import type { mock } from 'wechaty-puppet-mock';
import type { CommandContext } from '../commands/context.js';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';

/** What the demo seeding needs from the running system. */
export interface DemoDeps {
  readonly commands: CommandContext;
  readonly mocker: mock.Mocker | null;
  readonly log: Log;
  readonly clock: Clock;
}

/** Seeds the demo estate (idempotent). Filled in by the demo work. */
export async function seedDemo(_deps: DemoDeps): Promise<void> {}
