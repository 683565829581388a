import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../lib/db.js';
import { createModels, syncAllIndexes, type Models } from '../../models/index.js';

/** The URI of the test server started by the global setup (or MONGODB_URI when set). */
export function testServerUri(): string {
  const uri = process.env.JIATI_TEST_MONGODB_URI;
  if (!uri)
    throw new Error('JIATI_TEST_MONGODB_URI is not set: run integration tests through jest (npm test).');
  return uri;
}

/** A fresh, uniquely named database name for one test file or test. */
export function uniqueDbName(prefix = 't'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface TestDatabase {
  readonly uri: string;
  readonly name: string;
  readonly connection: Connection;
  readonly models: Models;
  /** Drops the database and closes the connection. */
  close(): Promise<void>;
}

/** Opens a new empty database on the test server with every model's collection and indexes. */
export async function openTestDatabase(prefix?: string): Promise<TestDatabase> {
  const uri = testServerUri();
  const name = uniqueDbName(prefix);
  const connection = await connectDatabase(uri, name);
  const models = createModels(connection);
  await syncAllIndexes(models);
  return {
    uri,
    name,
    connection,
    models,
    async close() {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
