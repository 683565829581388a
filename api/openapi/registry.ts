import { z, type ZodType } from 'zod';

/** A response schema given a name: it appears once under `components.schemas` and is referenced by it. */
export interface NamedSchema {
  readonly id: string;
  readonly schema: ZodType;
}

const NAMED = new Map<ZodType, string>();

/**
 * Names a response schema for the OpenAPI document (`#/components/schemas/<id>`), so a shape that
 * several answers share — a ballot, a tally, a unit — is written once and referenced. Returns the
 * schema itself: `export const BallotView = named('Ballot', z.strictObject({ … }))`.
 */
export function named<T extends ZodType>(id: string, schema: T): T {
  const taken = [...NAMED].find(([other, name]) => name === id && other !== schema);
  if (taken) throw new Error(`Two response schemas are named ${id}`);
  NAMED.set(schema, id);
  return schema;
}

/** The name given to `schema` by {@link named}, if any. */
export function nameOf(schema: ZodType): string | undefined {
  return NAMED.get(schema);
}

/** Every named schema, in the order named. */
export function namedSchemas(): NamedSchema[] {
  return [...NAMED].map(([schema, id]) => ({ id, schema }));
}

/**
 * The answer of a route that answers with no body: `responses: { 204: NoContent }`. The document
 * gives that status no content; a client reads nothing.
 */
export const NoContent = z.undefined().describe('No body.');

const FILES = new Map<ZodType, readonly string[]>();

/**
 * An answer that is a file of `mediaType` (a PDF to print, an .xlsx to file), not JSON:
 * `responses: { 200: fileAnswer(DOWNLOAD_TYPES.pdf, 'The record as a PDF') }`. The document gives the
 * status that media type (or each of several, for a document served as it was filed); the schema
 * itself checks the answer's bytes.
 */
export function fileAnswer(mediaType: string | readonly string[], description: string): ZodType<Uint8Array> {
  const schema = z.instanceof(Uint8Array).describe(description);
  FILES.set(schema, typeof mediaType === 'string' ? [mediaType] : mediaType);
  return schema;
}

/** The media types of a {@link fileAnswer} (`undefined` for a JSON answer). */
export function fileTypesOf(schema: ZodType | undefined): readonly string[] | undefined {
  return schema === undefined ? undefined : FILES.get(schema);
}
