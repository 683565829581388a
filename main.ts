/**
 * Entry point: `npm start` (and `npm run demo`, which sets JIATI_DEMO=1). Parses the environment,
 * starts the system, and stops it in order on SIGINT/SIGTERM. The embedded database also stops by
 * itself if this process is killed outright (it watches the pipe we hold open for it).
 *
 * Exit codes: 0 after a signal-initiated stop; 1 when the system could not start or stop; 2 for a
 * bad setting; 3 when the embedded database could not be kept running (its supervisor gave up after
 * `JIATI_DB_RESTARTS` restarts in a row, or its port stayed taken) — a process manager (systemd
 * `Restart=on-failure`, Docker `restart: unless-stopped`) then starts the whole app again; 4 when
 * another live Jiati process holds the data folder (`<JIATI_DATA_DIR>/jiati.lock`); 5 when the HTTP
 * port is taken. Codes 2, 4 and 5 come with one line on stderr, before anything has started.
 */
import { ConfigError, loadConfig } from './lib/config.js';
import { DataDirLockedError } from './lib/data-dir-lock.js';
import { PortTakenError } from './lib/http-port.js';
import { createLogger } from './lib/log.js';
import { dataDirInUse, httpPortTaken } from './messages/index.js';
import { startSystem, type System } from './system.js';

/** The exit code when the embedded database cannot be kept running. */
const EXIT_DATABASE_FAILED = 3;
/** The exit code when another live process holds the data folder. */
const EXIT_DATA_DIR_LOCKED = 4;
/** The exit code when the HTTP port is taken. */
const EXIT_PORT_TAKEN = 5;
/** How long an exit after a database failure waits for the orderly stop (the database is gone anyway). */
const FATAL_STOP_MS = 5000;

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const log = createLogger({ level: config.logLevel });
// Filled once started; a database failure during start-up finds it empty.
const started: { system?: System } = {};
let fatal = false;
const onFatal = (error: Error) => {
  if (fatal) return;
  fatal = true;
  log.fatal(
    { reason: error.message, exitCode: EXIT_DATABASE_FAILED },
    'the embedded database cannot be kept running: exiting for a process manager to restart Jiati',
  );
  const stopped = started.system?.stop() ?? Promise.resolve();
  void Promise.race([stopped.catch(() => undefined), new Promise((r) => setTimeout(r, FATAL_STOP_MS))]).then(
    () => process.exit(EXIT_DATABASE_FAILED),
  );
};

const system = await startSystem(config, { log, onFatal }).catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(dataDirInUse(error.dir, error.pid));
    process.exit(EXIT_DATA_DIR_LOCKED);
  }
  if (error instanceof PortTakenError) {
    console.error(httpPortTaken(error.host, error.port));
    process.exit(EXIT_PORT_TAKEN);
  }
  console.error(`Jiati could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

let signals = 0;
const shutdown = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals > 1) process.exit(130);
  log.info({ signal }, 'shutting down');
  void system.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
started.system = system;
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
