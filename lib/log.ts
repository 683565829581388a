import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Keys whose values are personal data or secrets. Wherever they appear (top level or nested up to
 * three levels, or inside arrays of such objects) pino replaces the value before the line is
 * written, so a careless `log.info({ owner })` cannot leak a name, a phone or a message.
 */
export const REDACTED_KEYS = [
  'name',
  'names',
  'phone',
  'phones',
  'room',
  'rooms',
  'area',
  'areaCenti',
  'text',
  'owners',
  'ownerName',
  'contactName',
  'authorization',
  'token',
  'adminToken',
  'password',
  'secret',
  'alarmKey',
  'signature',
] as const;

const redactPaths = REDACTED_KEYS.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `*.*.*.${key}`,
  `*[*].${key}`,
  `*.*[*].${key}`,
]);

export type Log = Logger;

/** What the log keeps of an error: its kind, code and a short, scrubbed message, and where it was thrown. */
export interface ErrorSummary {
  readonly type: string;
  readonly message: string;
  readonly code?: string | number;
  readonly codeName?: string;
  readonly labels?: readonly string[];
  /** The first stack frames, without the message line (which may repeat a value). */
  readonly stack?: string;
  readonly cause?: ErrorSummary;
}

const MAX_MESSAGE = 200;
const MAX_FRAMES = 8;
const WORD = /^[\w.:-]{1,64}$/;

/**
 * The log's `err` serializer: a small summary built from an allow-list of fields, so that a logged
 * error is always one short, serializable object and never carries personal data. pino's standard
 * serializer copies every enumerable property instead: a MongoDB driver error brings its whole
 * topology description (`reason`, with circular references), which made every such line
 * `[unable to serialize, circular reference is too complex to analyze]` while the database was down.
 * Quoted literals in the message (where drivers and mongoose repeat a value) are masked, the message
 * is cut at 200 characters, and the stack keeps its first frames only.
 */
export function summarizeError(error: unknown, depth = 0): ErrorSummary {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: typeof error === 'string' ? scrub(error) : '' };
  }
  const { code, codeName, errorLabelSet, cause } = error as {
    code?: unknown;
    codeName?: unknown;
    errorLabelSet?: unknown;
    cause?: unknown;
  };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, MAX_FRAMES);
  const labels = errorLabelSet instanceof Set ? [...errorLabelSet].filter((l) => typeof l === 'string') : [];
  return {
    type: WORD.test(error.name) ? error.name : 'Error',
    message: scrub(error.message),
    ...(typeof code === 'number' || (typeof code === 'string' && WORD.test(code)) ? { code } : {}),
    ...(typeof codeName === 'string' && WORD.test(codeName) ? { codeName } : {}),
    ...(labels.length > 0 ? { labels: labels.slice(0, 5) as string[] } : {}),
    ...(frames.length > 0 ? { stack: frames.join('\n') } : {}),
    ...(cause !== undefined && depth < 2 ? { cause: summarizeError(cause, depth + 1) } : {}),
  };
}

function scrub(message: string): string {
  const masked = message.replace(/"[^"]*"|'[^']*'/g, '"…"');
  return masked.length > MAX_MESSAGE ? `${masked.slice(0, MAX_MESSAGE)}…` : masked;
}

/**
 * A second destination that every logger created afterwards also writes to, or `null` (the default):
 * see {@link captureLogs}.
 */
let captured: pino.DestinationStream | null = null;

/**
 * Installs (or, with `null`, removes) a capture destination. While one is installed, every logger
 * {@link createLogger} makes tees each line at `debug` and above to it — after redaction, exactly as
 * the line is written — even when the logger itself is `silent`; the logger's own destination still
 * gets only the lines at its own level. Loggers made before the call are not affected.
 *
 * For the test run's privacy scan (`test/support/log-capture.ts`): every line any test made the app
 * log is checked for personal data and secrets. Nothing in the app calls it. Returns the destination
 * it replaces, so a caller can put it back.
 */
export function captureLogs(destination: pino.DestinationStream | null): pino.DestinationStream | null {
  const previous = captured;
  captured = destination;
  return previous;
}

/** Creates the process logger (JSON lines on stdout; `destination` for tests). */
export function createLogger(
  options: { level?: LoggerOptions['level']; name?: string } = {},
  destination?: pino.DestinationStream,
): Log {
  const level = options.level ?? 'info';
  const config: LoggerOptions = {
    level,
    base: { service: options.name ?? 'jiati' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: summarizeError },
  };
  if (captured !== null) return teeLogger(config, level, captured, destination);
  return destination ? pino(config, destination) : pino(config);
}

/**
 * A logger at `debug` (or lower, when asked) writing to `capture` at `debug` and to its own
 * destination (stdout by default) at `level`, which may be `silent`.
 */
function teeLogger(
  config: LoggerOptions,
  level: string,
  capture: pino.DestinationStream,
  destination: pino.DestinationStream | undefined,
): Log {
  const own = pino.levels.values[level];
  const debug = pino.levels.values.debug!;
  const streams: pino.StreamEntry[] = [{ level: 'debug', stream: capture }];
  if (own !== undefined)
    streams.push({ level: level as pino.Level, stream: destination ?? pino.destination(1) });
  const lowest = own !== undefined && own < debug ? level : 'debug';
  return pino({ ...config, level: lowest }, pino.multistream(streams));
}

/** Masks a mainland mobile number for display to people who may not see it whole: 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Masks a Chinese name for display: 王建国 → 王**, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
