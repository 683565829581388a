import type { Connection, Model, Schema } from 'mongoose';

/**
 * Registers `schema` as model `name` on `connection` once and returns it. Models are bound to a
 * connection (never the mongoose global), so tests and tools can hold several databases at once.
 */
export function defineModel<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (
    (connection.models[name] as Model<T> | undefined) ??
    (connection.model(name, schema) as unknown as Model<T>)
  );
}

/** Whether a write failed on a unique key (MongoDB and FerretDB both answer code 11000). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Inserts `doc` into `collection`; false when its unique key is already taken. The project's one
 * atomic "only if not yet" write: on FerretDB v1 a conditional update is not atomic, a unique insert is
 * (README, "Database findings"). Claims, references and redelivered messages all go through it.
 */
export async function insertUnique(
  collection: { insertOne(doc: never): Promise<unknown> },
  doc: object,
): Promise<boolean> {
  try {
    await collection.insertOne(doc as never);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
