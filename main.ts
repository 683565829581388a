/**
 * Entry point: `npm start` (and `npm run demo`, which sets JIATI_DEMO=1). Parses the environment,
 * starts the system, and stops it in order on SIGINT/SIGTERM. The embedded database also stops by
 * itself if this process is killed outright (it watches the pipe we hold open for it).
 */
import { ConfigError, loadConfig } from './lib/config.js';
import { startSystem } from './system.js';

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

const system = await startSystem(config).catch((error: unknown) => {
  console.error(`Jiati could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

let signals = 0;
const shutdown = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals > 1) process.exit(130);
  system.log.info({ signal }, 'shutting down');
  void system.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      system.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
