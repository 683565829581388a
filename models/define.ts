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
