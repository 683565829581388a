/**
 * fast-check arbitraries generated from the API's zod schemas, for the API fuzz test.
 * No npm library does this for zod v4 (`zod-fast-check` reads zod 3), so the schema is read through
 * zod's own `z.toJSONSchema` (its input side: what a client sends) and walked here. Three kinds of value:
 *
 * - {@link validValue}: what the schema accepts — required and optional keys, enums, patterns
 *   (`fc.stringMatching`), bounds, discriminated unions, records — small (arrays of at most 4), with
 *   `hints` by property name where a value must also make sense to the domain (an area, a date);
 * - {@link invalidValue}: a valid value with one thing wrong somewhere inside it: a leaf at or past its
 *   bounds (min − 1, max + 1, a non-integer, one character too many, a day that does not exist, years
 *   0001, 9999 and +275760), a required key missing, an extra key (`__proto__`, `constructor`, `$gt`,
 *   `a.b`, CJK, emoji…), or any part replaced by a {@link hostileValue};
 * - {@link hostileValue}: values no schema wants — wrong types, huge strings and arrays, deep nesting,
 *   control characters, lone surrogates, operator and prototype keys.
 */
import fc from 'fast-check';
import { z, type ZodType } from 'zod';

/** The part of JSON Schema that `z.toJSONSchema` writes for the API's schemas. */
export interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly default?: unknown;
}

/** Valid values by property name, where the schema alone allows values the domain would refuse. */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>;

/** The JSON Schema of what a client sends for `schema` (its input side; transforms are left out). */
export function jsonSchemaOf(schema: ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const MAX_VALID_ITEMS = 4;
const MAX_VALID_TEXT = 24;

/** An object with an own, enumerable `key` (so `__proto__` becomes a key, not the prototype). */
function withKey(object: object, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Nested `depth` levels deep: `[[[…]]]` or `{"a":{"a":…}}`. */
function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Texts people and attackers type: control characters, bidi and zero-width marks, emoji, CJK, markup. */
const NASTY_TEXTS = [
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  '\u200b',
  '\u200f\u200e',
  '\ufeff',
  '\ud800',
  '\udfff\ud800',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '1️⃣',
  '１２３',
  '王建国',
  '  ',
  '\n\r\t',
  '<script>alert(1)</script>',
  '${process.env}',
  '{{7*7}}',
  "'; DROP TABLE units; --",
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '$where',
  'a.b',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
];

/** Keys no schema expects: prototype and operator keys, dotted keys, empty and odd ones. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '$gt',
  '$where',
  '$set',
  'a.b',
  '.',
  '',
  ' ',
  '\u0000',
  '王',
  '🙂',
  'x'.repeat(1000),
];

/** Instants at and past the edges of what `Date` and ISO 8601 allow, and near misses. */
export const EXTREME_INSTANTS = [
  '0001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '1970-01-01T00:00:00Z',
  '2025-02-29T00:00:00Z',
  '2024-02-29T24:00:00Z',
  '2016-12-31T23:59:60Z',
  '2025-03-03T02:00:00.123456789Z',
  '2025-03-03T02:00:00+14:00',
  '2025-03-03T02:00:00-23:59',
  '2025-03-03T02:00:00',
  '2025-03-03',
  '2025-03-03T02:00Z',
  '２０２５-03-03T02:00:00Z',
  '',
];

/** Days at and past the edges, and days that do not exist. */
export const EXTREME_DAYS = [
  '0000-00-00',
  '0001-01-01',
  '9999-12-31',
  '2025-02-29',
  '2024-02-29',
  '2025-02-30',
  '2025-13-01',
  '2025-00-10',
  '2025-04-31',
  '１２３４-５６-７８',
  '2025-3-3',
];

/** Small values no schema wants: wrong types, odd numbers and texts, operator and prototype keys. */
const smallHostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, 2 ** 53 + 2, 1e21, ''),
  fc.constantFrom(...NASTY_TEXTS),
  fc.constantFrom(...EXTREME_INSTANTS, ...EXTREME_DAYS),
  fc.constantFrom<unknown>([], [null], {}, [[[]]], { $gt: '' }, { $where: 'sleep(1000)' }, { 'a.b': 1 }),
  fc
    .constantFrom(...HOSTILE_KEYS.filter((key) => key.length < 100))
    .map((key) => withKey({}, key, { polluted: true })),
  fc.constantFrom(100, 300).map((n) => nested(n, 'array')),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.object({ maxDepth: 3, maxKeys: 4 }),
);

/**
 * Values no schema wants (see the module comment), up to a megabyte of them. Use {@link smallHostileValue}
 * where the value goes into a URL (Node refuses a request line and headers over 16 KB before the app).
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: smallHostile },
  fc.constantFrom(100_000, 500_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(50_000).map((n) => '王'.repeat(n)),
  fc.constantFrom(10_000).map((n) => Array.from({ length: n }, (_, i) => i)),
  // Deeper nesting goes as raw bytes: JSON.stringify itself runs out of stack past a few thousand.
  fc.constantFrom(1_000).map((n) => nested(n, 'array')),
  fc.constantFrom(1_000).map((n) => nested(n, 'object')),
  fc.constantFrom('x'.repeat(1000)).map((key) => withKey({}, key, 1)),
);

/** {@link hostileValue} without the big ones: for path segments and query strings. */
export const smallHostileValue: fc.Arbitrary<unknown> = smallHostile;

/** A free text of `min`–`max` characters: mostly plain Chinese and ASCII, sometimes any Unicode. */
function text(min: number, max: number): fc.Arbitrary<string> {
  const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code));
  const ascii = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ ');
  const plain = fc.string({ unit: fc.oneof(cjk, ascii), minLength: Math.max(min, 1), maxLength: max });
  return fc.oneof(
    { weight: 4, arbitrary: plain.filter((s) => s.trim().length >= min) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }) },
  );
}

/** An ISO-8601 instant in 2020–2030, in UTC or with an offset. */
const instant = fc
  .tuple(
    fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.boolean(),
  )
  .map(([date, utc]) => (utc ? date.toISOString() : `${date.toISOString().slice(0, 19)}+08:00`));

/** A real day `YYYY-MM-DD` in 2020–2030. */
const day = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** The alternatives of a union (`oneOf`/`anyOf`), or undefined. */
const alternatives = (schema: JsonSchema) => schema.oneOf ?? schema.anyOf;

/** A value `schema` accepts (with `hints` for the properties it names). */
export function validValue(schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<unknown> {
  const union = alternatives(schema);
  if (union) return fc.oneof(...union.map((s) => validValue(s, hints)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object':
      return validObject(schema, hints);
    case 'array':
      return fc.array(validValue(schema.items ?? {}, hints), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(
          schema.minItems ?? 0,
          Math.min(schema.maxItems ?? MAX_VALID_ITEMS, MAX_VALID_ITEMS),
        ),
      });
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 1000, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return instant;
  if (schema.pattern === DAY_PATTERN) return day;
  if (schema.pattern !== undefined) {
    const matching = fc.stringMatching(new RegExp(schema.pattern));
    return schema.maxLength === undefined ? matching : matching.filter((s) => s.length <= schema.maxLength!);
  }
  const min = schema.minLength ?? 0;
  return text(min, Math.max(min, Math.min(schema.maxLength ?? MAX_VALID_TEXT, MAX_VALID_TEXT)));
}

function validObject(schema: JsonSchema, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0 && typeof schema.additionalProperties === 'object') {
    // A record: keys from `propertyNames`, values from `additionalProperties`.
    return fc.dictionary(
      validString(schema.propertyNames ?? { type: 'string' }),
      validValue(schema.additionalProperties, hints),
      { maxKeys: MAX_VALID_ITEMS },
    );
  }
  const model = Object.fromEntries(
    names.map((name) => [name, hints[name] ?? validValue(properties[name]!, hints)]),
  );
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in model) });
}

/** Values at and just past a leaf's bounds, and near misses of its pattern or enum. */
function leafBoundary(schema: JsonSchema): fc.Arbitrary<unknown> | null {
  const values: unknown[] = [];
  if (schema.type === 'integer' || schema.type === 'number') {
    const { minimum: min, maximum: max } = schema;
    if (min !== undefined) values.push(min, min - 1, min + 0.5);
    if (max !== undefined) values.push(max, max + 1, max - 0.5);
    values.push(0.1, -0, 2 ** 53, -(2 ** 53), 1e21, '1', '1e3');
  } else if (schema.type === 'boolean') {
    values.push('true', 1, 0, 'yes');
  } else if (schema.type === 'string' || schema.enum !== undefined || schema.const !== undefined) {
    if (schema.format === 'date-time') values.push(...EXTREME_INSTANTS);
    else if (schema.pattern === DAY_PATTERN) values.push(...EXTREME_DAYS);
    for (const choice of [...(schema.enum ?? []), ...(schema.const === undefined ? [] : [schema.const])]) {
      const word = String(choice);
      values.push(word.toUpperCase(), ` ${word}`, `${word}\u200b`, `${word}\u0000`);
    }
    const { minLength: min, maxLength: max } = schema;
    if (max !== undefined)
      values.push('a'.repeat(max), 'a'.repeat(max + 1), '王'.repeat(max + 1), `${' '.repeat(max)}a`);
    if (min !== undefined && min > 0) values.push('', ' '.repeat(min), '\u3000'.repeat(min));
    values.push('\u0000', '１０１', 'B-302\n', '302 ', '1201\u0000', '-', 'a'.repeat(17));
  }
  return values.length === 0 ? null : fc.constantFrom(...values);
}

/**
 * A value of `schema`'s shape with one thing wrong inside it (see the module comment). It may still be
 * accepted — a bound may be inclusive, a wrong key may be ignored — which is fine: the fuzz test asks
 * only that the answer is a well-formed 2xx or 4xx, and that a 4xx stored nothing.
 */
export function invalidValue(
  schema: JsonSchema,
  hints: Hints = {},
  hostile: fc.Arbitrary<unknown> = hostileValue,
): fc.Arbitrary<unknown> {
  const union = alternatives(schema);
  const choices: fc.Arbitrary<unknown>[] = [hostile];
  if (union) {
    choices.push(...union.map((s) => invalidValue(s, hints, hostile)));
  } else if (schema.type === 'object') {
    choices.push(...invalidObjects(schema, hints, hostile));
  } else if (schema.type === 'array') {
    const item = schema.items ?? {};
    const items = validValue(item, hints);
    choices.push(
      fc
        .tuple(fc.array(items, { maxLength: 3 }), invalidValue(item, hints, hostile), fc.nat())
        .map(([list, bad, at]) => list.toSpliced(at % (list.length + 1), 0, bad)),
    );
    if (schema.maxItems !== undefined) {
      const over = schema.maxItems + 1;
      choices.push(fc.array(items, { minLength: over, maxLength: over, size: 'max' }));
    }
    if ((schema.minItems ?? 0) > 0) choices.push(fc.constant([]));
  }
  const boundary = leafBoundary(schema);
  if (boundary !== null) choices.push(boundary, boundary);
  return fc.oneof(...choices);
}

function invalidObjects(
  schema: JsonSchema,
  hints: Hints,
  hostile: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown>[] {
  const valid = validObject(schema, hints);
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const choices: fc.Arbitrary<unknown>[] = [
    // An extra key no schema expects.
    fc
      .tuple(valid, fc.constantFrom(...HOSTILE_KEYS), hostile)
      .map(([object, key, value]) => withKey(object, key, value)),
  ];
  if (names.length > 0) {
    // One property wrong.
    choices.push(
      fc
        .tuple(valid, fc.constantFrom(...names))
        .chain(([object, name]) =>
          invalidValue(properties[name]!, hints, hostile).map((bad) => withKey(object, name, bad)),
        ),
    );
  }
  const required = (schema.required ?? []).filter((name) => names.includes(name));
  if (required.length > 0) {
    // A required key missing.
    choices.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([object, name]) => {
        const copy = { ...object };
        delete copy[name];
        return copy;
      }),
    );
  }
  if (names.length === 0 && typeof schema.additionalProperties === 'object') {
    // A record with a key its key schema refuses, or a value its value schema refuses.
    const value = validValue(schema.additionalProperties, hints);
    choices.push(
      fc
        .tuple(valid, fc.constantFrom(...HOSTILE_KEYS, '0', '1000', 'B 302', '３'), value)
        .map(([object, key, v]) => withKey(object, key, v)),
      fc
        .tuple(
          valid,
          validString(schema.propertyNames ?? { type: 'string' }),
          invalidValue(schema.additionalProperties, hints, hostile),
        )
        .map(([object, key, bad]) => withKey(object, key, bad)),
    );
  }
  return choices;
}

/**
 * Mostly something wrong, often something right: what the fuzz test sends for one request part
 * (`small`: for a URL, without the big hostile values).
 */
export function fuzzValue(schema: JsonSchema, hints: Hints = {}, small = false): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: validValue(schema, hints) },
    { weight: 3, arbitrary: invalidValue(schema, hints, small ? smallHostileValue : hostileValue) },
  );
}
