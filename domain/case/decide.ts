/**
 * The decider of a case [Decider]: `decide(command, state, { now })` returns the events a command
 * produces, or throws a `DomainError` naming the gate that refused it. Pure: time comes in `ctx.now`.
 * Each command yields at most one event (one stream document, written atomically); a chat vote whose
 * message was already recorded yields none.
 *
 * Gates are checked in process order, so the error names the earliest unmet condition (for example a
 * handover asked for during works reports `supervision_inspection_not_passed`, not the later gates).
 *
 * Each concern decides its own commands (`<concern>/decide.ts`); this module only joins their records,
 * so a command without its handler does not compile. A new concern (the elevator in service, domain.md
 * §7) adds one line here.
 */
import { instant } from './checks.js';
import type { CaseCommand, CaseCommandData, CaseCommandType } from './commands.js';
import type { CaseEvent, CaseEventData } from './events.js';
import type { CaseState, Handlers } from './state.js';
import { unitHandlers } from './unit/decide.js';
import { bindingHandlers } from './bindings/decide.js';
import { planHandlers } from './plans/decide.js';
import { ballotHandlers } from './ballots/decide.js';
import { publicityHandlers } from './publicity/decide.js';
import { applicationHandlers } from './application/decide.js';
import { worksHandlers } from './works/decide.js';
import { paymentHandlers } from './payments/decide.js';
import { documentHandlers } from './documents/decide.js';
import { claimHandlers } from './claims/decide.js';
import { elevatorHandlers } from './elevator/decide.js';
import { runningHandlers } from './running/decide.js';
import { alertHandlers } from './alerts/decide.js';

/** What `decide` needs besides the command and the state: the current instant. */
export interface DecideContext {
  readonly now: Date;
}

type Handler<K extends CaseCommandType> = Handlers<CaseCommandData, CaseEventData>[K];

/** Every command's handler: the concerns' records together, so a command without one does not compile. */
const HANDLERS: Handlers<CaseCommandData, CaseEventData> = {
  ...unitHandlers,
  ...bindingHandlers,
  ...planHandlers,
  ...ballotHandlers,
  ...publicityHandlers,
  ...applicationHandlers,
  ...worksHandlers,
  ...paymentHandlers,
  ...documentHandlers,
  ...claimHandlers,
  ...elevatorHandlers,
  ...runningHandlers,
  ...alertHandlers,
};

/** Runs a command of one type through that type's handler (typed per type, so no cast is needed). */
function run<K extends CaseCommandType>(
  command: { readonly type: K; readonly data: CaseCommandData[K] },
  state: CaseState,
  now: Date,
): CaseEvent[] {
  const handler: Handler<K> = HANDLERS[command.type];
  return handler(command.data, state, now);
}

/**
 * Decides a command on a case: the events it produces (at most one), or a `DomainError` with the code
 * of the gate that refused it. Pure; `ctx.now` is the only clock. The gates, with their sources:
 *
 * - Vote (Civil Code art. 278; domain.md §2): the elevator ballot is major and on the current plan; one
 *   at a time; the roster and rules freeze at opening; open at least `minimumOpenDays` (default 5,
 *   configurable) — `ballot_too_short`; votes only for rooms of the frozen roster (`unknown_room`) until
 *   `closesAt` (`ballot_closed`); paper votes carry their reference, proxy votes whom they act for, chat
 *   votes their message; no close before `closesAt` / the minimum period (`ballot_not_yet_closable`; no
 *   forced early close — cancel instead); `late` when closed past `closesAt` and the grace period the
 *   closer is given (a close right at `closesAt` is on time); a roster changed later never touches
 *   an open ballot's frozen one.
 * - Corrections: a new event that supersedes, never an edit — a roster update, a withdrawn objection
 *   (`objection_already_withdrawn`), a withdrawn mediation step (the latest standing one:
 *   `mediation_not_latest`); a step is held on or after the one before (`mediation_before_previous`).
 * - Agreement and publicity (domain.md §3): no agreement before the elevator ballot passed
 *   (`vote_not_passed`); publicity ends only at `publicityEndsAt` (`publicity_not_over`); objections
 *   are always recorded, effective only when named, written, in the window and on a covered ground.
 * - Mediation (HZ-2021 items 5–6): the ladder order (`mediation_out_of_order`), hearings recorded in
 *   full; the application waits for every effective objection (`effective_objection_open`).
 * - Application (domain.md §4; HZ-2021 item 7): one notice of everything missing until the next
 *   supplement (`already_notified`); acceptance once the notified items are supplemented
 *   (`materials_incomplete`); approval needs every convened department's opinion and none against.
 * - Works (domain.md §5; HZ-2021 items 9, 14, 15): pipeline relocation before the installation notice,
 *   the notice before construction, a passed supervision inspection before completion acceptance and
 *   handover, a named 使用单位 before handover and use registration.
 */
export function decide(command: CaseCommand, state: CaseState, ctx: DecideContext): CaseEvent[] {
  instant(ctx.now, 'now');
  return run(command, state, ctx.now);
}
