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

/** Creates the process logger (JSON lines on stdout; `destination` for tests). */
export function createLogger(
  options: { level?: LoggerOptions['level']; name?: string } = {},
  destination?: pino.DestinationStream,
): Log {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.name ?? 'jiati' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.err },
  };
  return destination ? pino(config, destination) : pino(config);
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
