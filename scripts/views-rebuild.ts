/**
 * `npm run views:rebuild`: rebuilds every projection — each case's view and the `contacts`
 * collection from the case streams, `places` and `staff_tokens` from the platform's stream — and says how many documents it had to rewrite (zero when
 * the live path had kept them). Exit code 0 when done, 2 on a start-up error. Uses the same database
 * settings as the app (MONGODB_URI, or the embedded FerretDB under JIATI_DATA_DIR — stop the app
 * first, the embedded files have one owner).
 */
import { composeCommandContext } from '../commands/compose.js';
import { rebuildPlatformViews } from '../commands/kernel/run-platform.js';
import { rebuildViews } from '../commands/views.js';
import { systemClock } from '../lib/clock.js';
import { ConfigError, loadConfig } from '../lib/config.js';
import { loadHolidayTable } from '../lib/holidays.js';
import { createLogger } from '../lib/log.js';
import { createModels, syncAllIndexes } from '../models/index.js';
import { openScriptDatabase, type ScriptDatabase } from './database.js';

let database: ScriptDatabase | null = null;
try {
  const config = loadConfig({ ...process.env, JIATI_ADMIN_TOKEN: 'views-rebuild-needs-no-token' });
  database = await openScriptDatabase(config);
  const models = createModels(database.connection);
  await syncAllIndexes(models);
  const ctx = composeCommandContext({
    models,
    clock: systemClock,
    holidays: loadHolidayTable(config.holidaysFile ? { file: config.holidaysFile } : {}),
    log: createLogger({ level: 'warn' }),
  });
  const report = await rebuildViews(ctx);
  const platformEvents = await rebuildPlatformViews(ctx);
  console.log(
    `views:rebuild: ${report.cases} cases, ${report.viewsRewritten} case views and ` +
      `${report.listingsRewritten} unit listings rewritten, ${report.stageChangesAdded} stage changes added; ` +
      `${report.contacts} contacts, ${report.contactsRewritten} rewritten, ${report.contactsDeleted} deleted; ` +
      `places and staff tokens replayed from ${platformEvents} platform events`,
  );
  await database.close();
  process.exit(0);
} catch (error) {
  await database?.close();
  console.error(
    error instanceof ConfigError ? error.message : `views:rebuild failed: ${(error as Error).message}`,
  );
  process.exit(2);
}
