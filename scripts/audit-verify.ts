/**
 * `npm run audit:verify -- <caseId> [<caseId>…]` (or `--all`): re-hashes case streams from their first
 * event (the full check; the nightly job goes on from each case's checkpoint) and names the first
 * broken event of each. Exit code 0 when every stream verifies, 1 when one does not, 2 on a
 * usage or start-up error. Uses the same database settings as the app (MONGODB_URI, or the
 * embedded FerretDB under JIATI_DATA_DIR — stop the app first, the embedded files have one owner).
 */
import { makeVerifyAllChains } from '../commands/verify-chains.js';
import { ConfigError, loadConfig } from '../lib/config.js';
import { createModels } from '../models/index.js';
import { openScriptDatabase, type ScriptDatabase } from './database.js';

const args = process.argv.slice(2);
if (args.length === 0 || args.includes('--help')) {
  console.error('usage: npm run audit:verify -- <caseId> [<caseId>…] | --all');
  process.exit(2);
}

let database: ScriptDatabase | null = null;
try {
  const config = loadConfig({ ...process.env, JIATI_ADMIN_TOKEN: 'audit-verify-needs-no-token' });
  database = await openScriptDatabase(config);
  const { connection } = database;
  const verify = makeVerifyAllChains(createModels(connection).caseEvents);
  const reports = await verify(args.includes('--all') ? undefined : args, { full: true });
  let broken = 0;
  for (const report of reports) {
    if (report.events === 0) {
      console.log(`${report.caseId}: no such case stream`);
      broken += 1;
    } else if (report.ok) {
      console.log(`${report.caseId}: ok (${report.events} events)`);
    } else {
      broken += 1;
      const { seq, reason } = report.firstBreak!;
      console.log(
        `${report.caseId}: BROKEN at event ${seq} (${report.caseId}:${seq}): ${reason.replace(/_/g, ' ')}`,
      );
    }
  }
  await database.close();
  process.exit(broken === 0 ? 0 : 1);
} catch (error) {
  await database?.close();
  console.error(
    error instanceof ConfigError ? error.message : `audit:verify failed: ${(error as Error).message}`,
  );
  process.exit(2);
}
