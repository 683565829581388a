/**
 * The database of the operator's scripts (`audit:verify`, `views:rebuild`), on the same settings as
 * the app: MONGODB_URI, or the embedded FerretDB under JIATI_DATA_DIR (stop the app first: the
 * embedded files have one owner, and a script refuses a folder whose lock a live process holds).
 */
import type { Connection } from 'mongoose';
import type { Config } from '../lib/config.js';
import { lockDataDir, type DataDirLock } from '../lib/data-dir-lock.js';
import { connectDatabase, startEmbeddedDatabase, type EmbeddedDatabase } from '../lib/db.js';

/** An open connection to the configured database, and how to close it (and the embedded server). */
export interface ScriptDatabase {
  readonly connection: Connection;
  close(): Promise<void>;
}

/** Opens the configured database, starting the embedded server when no URI is set. */
export async function openScriptDatabase(config: Config): Promise<ScriptDatabase> {
  let lock: DataDirLock | null = null;
  let database: EmbeddedDatabase | null = null;
  let uri = config.mongodbUri;
  try {
    if (!uri) {
      lock = await lockDataDir(config.dataDir);
      database = await startEmbeddedDatabase({ bin: config.ferretdbBin, dataDir: config.dataDir });
      uri = database.uri;
    }
    const connection = await connectDatabase(uri, config.dbName);
    return {
      connection,
      async close() {
        await connection.close();
        await database?.stop();
        lock?.release();
      },
    };
  } catch (error) {
    await database?.stop();
    lock?.release();
    throw error;
  }
}
