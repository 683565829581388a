import path from 'node:path';
import type { Connection } from 'mongoose';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { createApp } from './api/app.js';
import { consoleRoutes } from './api/console.js';
import { startBot, type Bot, type MessageHandledHook } from './bot/create-bot.js';
import { wechatyDirectory } from './bot/contact-directory.js';
import { createMessageHandler } from './bot/handle-message.js';
import { backOnlineNotice } from './messages/index.js';
import { sendThroughWechaty, startOutboxWorker, type OutboxWorker } from './bot/outbox-worker.js';
import { apiRouters } from './api/routes/index.js';
import { composeCommandContext } from './commands/compose.js';
import type { CommandContext } from './commands/kernel/context.js';
import { resolveResidentSession, SESSION_PREFIX } from './commands/resident-sessions.js';
import { resolveStaffToken } from './commands/staff-tokens.js';
import { sessionRoutes } from './api/routes/sessions/routes.js';
import { alarmRoutes } from './api/routes/elevator/routes.js';
import { createWechatAuth, WECHAT_AUTH_NOT_CONFIGURED } from './lib/wechat-auth.js';
import { createWechatMessenger } from './lib/wechat-subscribe.js';
import { makeVerifyAllChains } from './commands/verify-chains.js';
import { deadlineHandlers } from './jobs/deadline-handlers.js';
import type { JobDefinition } from './jobs/job.js';
import { startScheduler, type Scheduler } from './jobs/register.js';
import { reconcileClocksJob } from './jobs/reconcile-clocks.js';
import { repairHooksJob } from './jobs/repair-hooks.js';
import { sweepDeadlinesJob } from './jobs/sweep-deadlines.js';
import { verifyChainsJob } from './jobs/verify-chains.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { Config } from './lib/config.js';
import { lockDataDir } from './lib/data-dir-lock.js';
import { demoRoutes } from './demo/routes.js';
import { seedDemo } from './demo/seed.js';
import { createDemoModels, type DemoModels } from './demo/models/index.js';
import { recordTranscript } from './demo/transcript.js';
import type { HealthProbe, PartHealth } from './api/routes/health/routes.js';
import {
  connectDatabase,
  pingDatabase,
  superviseEmbeddedDatabase,
  type SupervisedDatabase,
} from './lib/db.js';
import { watchDatabase, type DatabaseStatus } from './lib/db-status.js';
import { loadHolidayTable } from './lib/holidays.js';
import { loadChecklists } from './commands/checklists.js';
import { fileDocumentStore } from './lib/document-store.js';
import { bindPort } from './lib/http-port.js';
import { createLogger, type Log } from './lib/log.js';
import { createModels, migrate, syncAllIndexes, type Models } from './models/index.js';

/** Connections to the embedded FerretDB (measured in `bench/chat.bench.ts`: 10 beats 1, 3 and 100). */
const EMBEDDED_MAX_POOL = 10;

/** A pause of the outbox shorter than this goes unremarked; longer, each affected group is told. */
const BACK_ONLINE_NOTICE_AFTER_MS = 60_000;

/** The running process: database, models, scheduler, bot and HTTP server, and how to stop them. */
export interface System {
  readonly config: Config;
  readonly log: Log;
  readonly url: string;
  readonly connection: Connection;
  readonly models: Models;
  /** The demo's collections, when `JIATI_DEMO=1`. */
  readonly demoModels: DemoModels | null;
  readonly commands: CommandContext;
  /** The embedded FerretDB and its supervisor; null on an external server (`MONGODB_URI`). */
  readonly database: SupervisedDatabase | null;
  /** Whether the database answers, as the API gate, the bot and `/healthz` see it. */
  readonly databaseStatus: DatabaseStatus;
  readonly scheduler: Scheduler | null;
  readonly bot: Bot | null;
  /** The outbox worker sending what the bot says (with the bot); `wake()` it after enqueueing. */
  readonly outbox: OutboxWorker | null;
  /** The mock puppet's world (contacts, rooms) when the bot runs on `wechaty-puppet-mock`. */
  readonly mocker: mock.Mocker | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: Log;
  /** Skip the scheduler (tools that only read). */
  scheduler?: boolean;
  /** Timing of each handled chat message, for the chat benchmark (see `MessageHandledHook`). */
  onMessageHandled?: MessageHandledHook;
  /**
   * Called once if the embedded database's supervisor gives up (it kept dying, or its port stayed
   * taken). `main.ts` logs one fatal line and exits with code 3 so that a process manager restarts the
   * app; until then every request that needs the database keeps getting 503.
   */
  onFatal?: (error: Error) => void;
}

/**
 * The composition root. Starts, in order: the data folder's lock (with the embedded database: one
 * process per `JIATI_DATA_DIR`, else `DataDirLockedError`), the HTTP port (bound, its requests
 * waiting until the app serves; taken: `PortTakenError`), the database (embedded FerretDB under
 * its supervisor, unless `MONGODB_URI` is set) and its watch, the models and their indexes, the
 * Agenda worker, the bot, the app on the port. Both refusals come before anything that changes data
 * has started. `stop()` undoes it in the reverse order the brief asks for: stop taking requests and
 * messages → finish in-flight work → stop Agenda → close the database → stop the embedded server (a
 * deliberate stop, which the supervisor does not restart) → release the lock.
 *
 * @see {@link lockDataDir}, {@link bindPort}
 */
export async function startSystem(config: Config, options: StartOptions = {}): Promise<System> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ level: config.logLevel });
  const undo: (() => Promise<void>)[] = [];
  const rollback = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
  };

  try {
    let uri = config.mongodbUri;
    if (!uri) {
      // Before anything else touches the folder: a second process on it stops here.
      const lock = await lockDataDir(config.dataDir);
      undo.push(async () => lock.release());
      if (lock.tookOverFrom !== null)
        log.warn({ pid: lock.tookOverFrom }, 'data folder lock of a dead process taken over');
    }
    // Bound before the database, the scheduler and the bot: a process that cannot serve starts none.
    const http = await bindPort(config.host, config.port);
    undo.push(() => http.close());

    let database: SupervisedDatabase | null = null;
    if (!uri) {
      database = await superviseEmbeddedDatabase({
        bin: config.ferretdbBin,
        dataDir: config.dataDir,
        policy: { maxRestarts: config.dbRestarts },
        log,
      });
      undo.push(() => database!.stop());
      uri = database.uri;
      log.info({ dbPid: database.pid() }, 'embedded FerretDB started');
      const supervised = database;
      supervised.onChange((state) => {
        if (state === 'failed')
          options.onFatal?.(supervised.failure() ?? new Error('the embedded database failed'));
      });
    }
    // SQLite has one writer: past a few connections, concurrent writes only wait in its busy
    // handler's back-off (README, "Database findings"), so the embedded database gets a small pool.
    const maxPoolSize = config.dbMaxPool ?? (database === null ? undefined : EMBEDDED_MAX_POOL);
    const connection = await connectDatabase(
      uri,
      config.dbName,
      maxPoolSize === undefined ? {} : { maxPoolSize },
    );
    undo.push(() => connection.close());
    const databaseStatus = watchDatabase({ connection, embedded: database, log, clock });
    // Runs before the connection closes: a deliberate close is not an outage.
    undo.push(async () => databaseStatus.stop());
    const models = createModels(connection);
    await syncAllIndexes(models);
    const holidays = loadHolidayTable(config.holidaysFile ? { file: config.holidaysFile } : {});
    await migrate(models, holidays);
    // The demo's own collections exist only when the demo is on.
    const demoModels = config.demo ? createDemoModels(connection) : null;
    if (demoModels !== null) await syncAllIndexes(demoModels);
    // The bot starts after the commands: the directory reads it when asked.
    let bot: Bot | null = null;
    const commands = composeCommandContext({
      models,
      clock,
      holidays,
      log,
      settings: {
        ballotMinimumOpenDays: config.ballotMinimumOpenDays,
        adminContacts: config.adminContacts,
        bindingCodeDays: config.bindingCodeDays,
        closeGraceMs: config.deadlines.graceMs,
        // Mini-program reminders need WeChat's credentials to be sent at all.
        reminderTemplates: config.wechat === undefined ? {} : config.reminderTemplates,
        checklists: loadChecklists(config.checklistsFile),
        documentMaxBytes: config.documentMaxBytes,
      },
      documents: fileDocumentStore(path.join(config.dataDir, 'documents')),
      viewDelayMs: config.viewWriteDelayMs,
      directory: wechatyDirectory(() => bot?.wechaty ?? null),
    });
    // Runs after everything that issues commands has stopped, before the database closes.
    undo.push(() => commands.cases.flushViews());

    let scheduler: Scheduler | null = null;
    if (options.scheduler !== false) {
      scheduler = await startScheduler({
        db: connection.getClient().db(config.dbName),
        // The jobs need different deps: the one object below holds what each of them takes.
        jobs: [
          verifyChainsJob,
          sweepDeadlinesJob(config.deadlines),
          reconcileClocksJob,
          repairHooksJob,
        ] as readonly JobDefinition[],
        deps: { verifyAllChains: makeVerifyAllChains(models.caseEvents), commands, deadlineHandlers },
        log,
        clock,
        processEveryMs: config.agendaProcessEveryMs,
        lockLifetimeMs: config.jobLockMs,
      });
      undo.push(() => scheduler!.stop());
      // Clocks a crash left out are repaired at once, not at the next hourly run.
      await scheduler.agenda.now(reconcileClocksJob.name, {});
    }

    let outbox: OutboxWorker | null = null;
    let mocker: mock.Mocker | null = null;
    if (config.botEnabled) {
      let puppet: unknown = config.puppet;
      if (config.puppet === 'wechaty-puppet-mock') {
        mocker = new mock.Mocker();
        puppet = new PuppetMock({ mocker });
      }
      bot = await startBot({
        name: config.botName,
        puppet,
        puppetToken: config.puppetToken,
        inbox: models.inbox,
        // The outbox worker starts after the bot: the handler reaches its `wake` lazily.
        handle: createMessageHandler({
          commands,
          outbox: models.outbox,
          wake: () => outbox?.wake(),
          clock,
          log,
        }),
        log,
        clock,
        database: databaseStatus,
        ...(options.onMessageHandled ? { onHandled: options.onMessageHandled } : {}),
      });
      if (mocker) mocker.login(mocker.createContact({ name: '加梯助手' }));
      undo.push(() => bot!.stop());
      const online = bot;
      outbox = await startOutboxWorker({
        outbox: models.outbox,
        send: sendThroughWechaty(
          online.wechaty,
          config.wechat === undefined ? undefined : createWechatMessenger(config.wechat, log),
        ),
        clock,
        log,
        limits: { perGroupPerSecond: config.outboxPerGroupPerSecond, perMinute: config.outboxPerMinute },
        quietHours: config.quietHours,
        pollMs: config.outboxPollMs,
        isReady: () => online.status() === 'online' && databaseStatus.available(),
        // Away a minute or more: each group with held messages is told once, ahead of them.
        backOnline: { afterMs: BACK_ONLINE_NOTICE_AFTER_MS, text: backOnlineNotice },
      });
      // Stops before the bot does (undo runs in reverse). A reply enqueued by a message still in
      // flight then stays pending and goes out at the next start.
      undo.push(() => outbox!.stop());
    }
    const demoRouters = [];
    if (demoModels !== null) {
      // The public demo page talks through the mock puppet, so it needs the bot on it. The transcript
      // is recorded before the seed runs: the seed's neighbours speak through the bot, and the page
      // opens on what they said and what the bot answered.
      const onMockPuppet = mocker !== null && bot !== null ? { mocker, bot } : null;
      if (onMockPuppet !== null) {
        const stopRecording = recordTranscript({
          wechaty: onMockPuppet.bot.wechaty,
          model: demoModels.demoMessages,
          clock,
          log,
        });
        undo.push(stopRecording);
      }
      await seedDemo({ commands, models: demoModels, mocker: onMockPuppet?.mocker ?? null, log, clock });
      if (onMockPuppet !== null) {
        demoRouters.push(demoRoutes({ commands, mocker: onMockPuppet.mocker, models: demoModels }));
      }
    }

    // The committee console, built by setup (`console/dist/`); without a build it says how to make one.
    const committeeConsole = consoleRoutes();
    if (!committeeConsole.built) log.warn('the console is not built (npm run setup): /console/ says so');

    const app = createApp({
      log,
      adminToken: config.adminToken,
      staffToken: (secret) =>
        secret.startsWith(SESSION_PREFIX)
          ? resolveResidentSession(commands, secret)
          : resolveStaffToken(commands, secret),
      signInRouters: (limits) => [
        sessionRoutes(
          {
            commands,
            wechat:
              config.wechat === undefined ? WECHAT_AUTH_NOT_CONFIGURED : createWechatAuth(config.wechat, log),
            devSignIn: config.devSignIn,
          },
          limits,
        ),
        // Signed with each elevator's own key instead of a bearer token.
        alarmRoutes(commands),
      ],
      health: healthProbe({ connection, databaseStatus, scheduler, bot, outbox }),
      database: databaseStatus,
      apiRouters: apiRouters(commands),
      publicRouters: [committeeConsole.router, ...demoRouters],
      rateLimits: config.rateLimits,
      trustProxy: config.trustProxy,
    });
    http.serve(app.callback());
    // Stops taking requests first (its earlier undo step then finds it closed).
    undo.push(() => http.close());
    const url = `http://${config.host}:${http.port}`;
    log.info({ url }, 'jiati is listening');
    if (committeeConsole.built) log.info({ url: `${url}/console/` }, `console at ${url}/console/`);
    if (demoRouters.length > 0) {
      const demoUrl = `${url}/demo/`;
      log.info({ url: demoUrl }, `demo ready at ${demoUrl}`);
    }

    let stopping: Promise<void> | null = null;
    return {
      config,
      log,
      url,
      connection,
      models,
      demoModels,
      commands,
      database,
      databaseStatus,
      scheduler,
      bot,
      outbox,
      mocker,
      stop: () => (stopping ??= rollback()),
    };
  } catch (error) {
    await rollback();
    throw error;
  }
}

const DISABLED: PartHealth = { state: 'disabled', healthy: true };
const iso = (at: Date | null) => at?.toISOString() ?? null;

/**
 * What `/healthz` asks each part. The database is healthy when its watch says `up` and a ping
 * answers; the scheduler when Agenda's poll succeeded recently and the database is up (a scheduler
 * that cannot reach its jobs is `waiting`, whatever it last did); the bot when it is logged in; the
 * outbox worker when it reads the outbox and may send.
 */
function healthProbe(parts: {
  connection: Connection;
  databaseStatus: DatabaseStatus;
  scheduler: Scheduler | null;
  bot: Bot | null;
  outbox: OutboxWorker | null;
}): HealthProbe {
  const { connection, databaseStatus, scheduler, bot, outbox } = parts;
  return {
    db: async () => {
      const state = databaseStatus.state();
      const answers = state === 'up' && (await pingDatabase(connection));
      return {
        state: state === 'up' && !answers ? 'not_answering' : state,
        healthy: answers,
        details: { restarts: databaseStatus.restarts(), downSince: iso(databaseStatus.downSince()) },
      };
    },
    scheduler: () => {
      if (scheduler === null) return DISABLED;
      const status = scheduler.status();
      const state = status !== 'stopped' && !databaseStatus.available() ? 'waiting' : status;
      return { state, healthy: state === 'running', details: { lastPollAt: iso(scheduler.lastPollAt()) } };
    },
    bot: () => {
      if (bot === null) return DISABLED;
      const state = bot.status();
      return { state, healthy: state === 'online', details: { held: bot.held() } };
    },
    outbox: () => {
      if (outbox === null) return DISABLED;
      const { state, lastPollAt, lastSentAt } = outbox.status();
      return {
        state,
        healthy: state === 'running',
        details: { lastPollAt: iso(lastPollAt), lastSentAt: iso(lastSentAt) },
      };
    },
  };
}
