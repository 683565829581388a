import type { HolidayTable } from '../../domain/calendar/index.js';
import {
  DEFAULT_CHECKLISTS,
  DEFAULT_MINIMUM_OPEN_DAYS,
  caseDecider,
  type Checklists,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../../domain/case/index.js';
import { refuseUnplannableClocks } from '../../domain/clocks/index.js';
import {
  platformDecider,
  type PlatformCommand,
  type PlatformEvent,
  type PlatformState,
} from '../../domain/platform/index.js';
import type { ReminderKind } from '../../domain/platform/index.js';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../lib/clock.js';
import { fileDocumentStore, type DocumentStore } from '../../lib/document-store.js';
import type { Log } from '../../lib/log.js';
import { CaseStreams, type StreamHead } from '../../models/case-stream.js';
import { readCaseView, viewHead } from '../../models/case-view.js';
import type { Models } from '../../models/index.js';
import { projectCaseView } from './case-view.js';
import { StreamRunner, type Executed } from './stream-runner.js';

/** Runs case commands against their streams (one stream per unit). */
export type CaseRunner = StreamRunner<CaseState, CaseCommand, CaseEvent>;

/** Runs platform commands (places, staff tokens) against the platform's one stream. */
export type PlatformRunner = StreamRunner<PlatformState, PlatformCommand, PlatformEvent>;

/**
 * The configurable figures of domain.md that commands apply (each marked "(configurable)" there).
 * Every response that shows a deadline or threshold shows the figure in use.
 */
export interface CommandSettings {
  /** Voting stays open at least this many days (domain.md §2; default 5). */
  readonly ballotMinimumOpenDays: number;
  /**
   * The platform admins' WeChat contact ids (`JIATI_ADMIN_CONTACTS`): told privately when an alert
   * passes over a level with no contact recorded, or reaches no one. Default: none (a log line only).
   */
  readonly adminContacts: readonly string[];
  /** A household binding code is valid this many days after it is issued (default 30). */
  readonly bindingCodeDays: number;
  /**
   * A ballot closed by hand at most this long after its `closesAt` is on time, as the scheduler's
   * close is within its grace period (`JIATI_DEADLINE_GRACE_MS`, default 60 s).
   */
  readonly closeGraceMs: number;
  /**
   * The mini-program's subscription-message templates by reminder kind (`WECHAT_TEMPLATE_*`): a
   * resident who allowed one is reminded there. Empty: residents of the mini-program are not reminded.
   */
  readonly reminderTemplates: Readonly<Partial<Record<ReminderKind, string>>>;
  /** The city's checklists: application materials, subsidy claim, provident fund (`JIATI_CHECKLISTS_FILE`). */
  readonly checklists: Checklists;
  /** The largest document taken, in bytes (`JIATI_DOCUMENT_MAX_BYTES`, default 20 MB). */
  readonly documentMaxBytes: number;
}

/** The defaults of domain.md. */
export const DEFAULT_COMMAND_SETTINGS: CommandSettings = {
  ballotMinimumOpenDays: DEFAULT_MINIMUM_OPEN_DAYS,
  adminContacts: [],
  bindingCodeDays: 30,
  closeGraceMs: 60_000,
  reminderTemplates: {},
  checklists: DEFAULT_CHECKLISTS,
  documentMaxBytes: 20 * 1024 * 1024,
};

/**
 * Who the bot's WeChat account can find: the composition root hands the bot's puppet in, so commands
 * can check a contact id without knowing Wechaty.
 */
export interface ContactDirectory {
  /** True: the account finds the contact; false: it does not; undefined: it cannot tell now (no bot, offline). */
  knows(contactId: string): Promise<boolean | undefined>;
}

/** Writes rebuildable views after a command appended events (projections keyed by `_id`). */
export type Projection = (caseId: string, state: CaseState, head: StreamHead) => Promise<void>;

/**
 * Work that follows every command that appended events (`runCaseCommand`), in order: keeping the
 * case's clocks in step with its state, say. Registered by the composition root
 * (`commands/compose.ts`), so the kernel never imports a use case and a use case never imports
 * another to get itself written.
 */
export interface AfterAppend {
  /** Names the hook in the log when it fails. */
  readonly name: string;
  run(ctx: CommandContext, caseId: string, executed: Executed<CaseState>): Promise<void>;
  /**
   * Redoes the hook's work for the case from its whole stream, after `run` failed for it (noted in
   * `hook_repairs`; see `commands/hook-repairs.ts`). Idempotent.
   */
  repair(ctx: CommandContext, caseId: string): Promise<void>;
}

/** What every command needs, built once by the composition root and handed to each transport. */
export interface CommandContext {
  readonly models: Models;
  readonly streams: CaseStreams;
  readonly cases: CaseRunner;
  /**
   * The platform's stream (`PLATFORM_STREAM_ID` in `case_events`, outside the case registry): places
   * and staff tokens, decided by `domain/platform` (see `run-platform.ts`).
   */
  readonly platform: PlatformRunner;
  /**
   * Group → unit bindings this process has seen confirmed by the unit's stream (`GroupBound`). A
   * binding never changes once stored (one group per unit, one unit per group, no unbinding), so an
   * entry never goes stale; it saves a read on every group message (see `unitOfGroup`).
   */
  readonly boundGroups: Map<string, string>;
  readonly clock: Clock;
  readonly holidays: HolidayTable;
  readonly log: Log;
  readonly settings: CommandSettings;
  /** Run after each command that appended events, in order (see {@link AfterAppend}). */
  readonly afterAppend: readonly AfterAppend[];
  /** The bot's contacts, when a bot runs (see {@link ContactDirectory}). */
  readonly directory?: ContactDirectory;
  /** Where documents' bytes are kept (see `lib/document-store.ts`). */
  readonly documents: DocumentStore;
}

/**
 * Builds the command context. After every command that appended events, the case's view
 * (`case_views`, see `case-views.ts`) is projected, then `project` (if given) runs.
 */
export function createCommandContext(deps: {
  models: Models;
  clock: Clock;
  holidays: HolidayTable;
  log: Log;
  settings?: Partial<CommandSettings>;
  project?: Projection;
  afterAppend?: readonly AfterAppend[];
  /** Write case views behind, at most once per this many ms per case (0: before a command returns). */
  viewDelayMs?: number;
  directory?: ContactDirectory;
  /** Where documents' bytes are kept; default: a folder under the system's temporary directory. */
  documents?: DocumentStore;
}): CommandContext {
  const streams = new CaseStreams(deps.models.caseEvents);
  const cases: CaseRunner = new StreamRunner(streams, caseDecider, {
    snapshot: async (caseId) => {
      const view = await readCaseView(deps.models.caseViews, caseId);
      return view === null ? null : { state: view.state, head: viewHead(view) };
    },
    project: async (caseId, state, head) => {
      await projectCaseView(deps, caseId, state, head, deps.clock.now());
      await deps.project?.(caseId, state, head);
    },
    viewDelayMs: deps.viewDelayMs ?? 0,
    // A state whose clocks cannot be planned is refused before it is stored.
    accept: (before, after) => refuseUnplannableClocks(before, after, deps.holidays),
  });
  const platform: PlatformRunner = new StreamRunner(
    new CaseStreams(deps.models.caseEvents, { registered: false }),
    platformDecider,
  );
  return {
    models: deps.models,
    streams,
    cases,
    platform,
    boundGroups: new Map(),
    clock: deps.clock,
    holidays: deps.holidays,
    log: deps.log,
    settings: { ...DEFAULT_COMMAND_SETTINGS, ...deps.settings },
    afterAppend: deps.afterAppend ?? [],
    ...(deps.directory === undefined ? {} : { directory: deps.directory }),
    documents: deps.documents ?? fileDocumentStore(path.join(os.tmpdir(), 'jiati-documents')),
  };
}
