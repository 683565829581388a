/**
 * The privacy scan of the test run's logs: every line any test made the app log
 * (teed by `test/support/log-capture.ts`, at `debug` and above, `silent` loggers included) is read back
 * by the integration tier's global teardown, and the run fails when one carries personal data or a
 * secret. Each rule looks at the parsed JSON line — keys and values, each with its path — so that
 * timestamps, hashes and ids do not raise false alarms:
 *
 * - `phone`: a mainland mobile number (`1[3-9]` and 9 more digits, optionally `+86` and spaces or
 *   hyphens in the 3-4-4 groups), standing alone — not inside a longer run of letters or digits;
 * - `cjk`: any Chinese, Japanese or Korean character (or full-width form) in a key or a value. Log
 *   messages are English and ids are ASCII, so CJK text in a log is always something a person wrote or
 *   is called: a name, a message, a summary, a unit's name. Unit names count too: they are free text
 *   the committee types (it may be `王家那个单元`), and with a room they name a household; logs carry
 *   the unit's id instead. No field is exempt;
 * - `unredacted`: a field the logger redacts by name (`REDACTED_KEYS` of `lib/log.ts`, plus any
 *   `…Room`/`…Rooms` key) whose value is not `[redacted]`: redaction missed it (nested too deep, say);
 * - `room`: a value that is a room number (`302`, `1201`, `B-302`) — a whole string value, a segment of
 *   a colon-separated id other than its last (the last is a sequence number: `announce:<unit>:101`), or
 *   the room of an API path (`/binding-codes/302`);
 * - `token`: a bearer token the tests use (`test-admin-token-0123456789`, the demo's token, and every
 *   token literal in `test/**`), or the shape of a staff token's secret (`jt_` and 43 base64url
 *   characters, whichever test issued it), anywhere in the line;
 * - `binding_code`: a word of exactly 8 characters of the binding-code alphabet (Crockford base 32,
 *   upper case) with at least one letter, standing alone — the shape of every code the system issues,
 *   whichever test issued it;
 * - `not_json`: a line that is not a JSON object (every logger writes JSON; the raw text is scanned too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BINDING_CODE_ALPHABET, BINDING_CODE_ISSUED_LENGTH } from '../../domain/binding-code.js';
import { loadConfig } from '../../lib/config.js';
import { REDACTED_KEYS } from '../../lib/log.js';
import { ADMIN_TOKEN } from './http.js';

/** What a finding is about; see the module comment. */
export type LeakKind = 'phone' | 'cjk' | 'unredacted' | 'room' | 'token' | 'binding_code' | 'not_json';

/** One finding in one line: its kind, where in the line (`err.message`, `flats[0].room`) and an excerpt. */
export interface Leak {
  readonly kind: LeakKind;
  readonly path: string;
  readonly excerpt: string;
}

/** A finding located in the capture directory. */
export interface LocatedLeak extends Leak {
  readonly file: string;
  readonly line: number;
}

/** What the scan looks for besides the fixed shapes: the bearer tokens the tests use. */
export interface ScanRules {
  readonly tokens: readonly string[];
}

const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/**
 * A mainland mobile number standing alone: `13800001234`, `138-0000-1234`, `+86 138 0000 1234` — not
 * inside a longer run of letters or digits (a hash, an epoch in milliseconds).
 */
export const MOBILE_NUMBER = /(?<![0-9A-Za-z])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9A-Za-z])/;
const MOBILE = MOBILE_NUMBER;
const ROOM = /^(?:[A-Za-z]-?)?[0-9]{3,4}$/;
/** A colon-separated id of three or more segments (`plan:u_x:2:302:wx`), no spaces: not a stack trace. */
const ID = /^[\w.@#-]+(?::[\w.@#-]+){2,}$/;
const ROOM_IN_PATH = /\/binding-codes\/([^/?#\s"]+)/;
const BINDING_CODE = new RegExp(
  `(?<![A-Za-z0-9_-])[${BINDING_CODE_ALPHABET}]{${BINDING_CODE_ISSUED_LENGTH}}(?![A-Za-z0-9_-])`,
  'g',
);
const REDACTED = '[redacted]';
const NAMED_SECRET_KEYS: ReadonlySet<string> = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));

/** A key whose value is a flat's room: `room`, `rooms`, `toRoom`, `exemptRooms` (not `roomId`: a chat room). */
function isRoomKey(key: string): boolean {
  return /^rooms?$/i.test(key) || (/[a-z](Room|Rooms)$/.test(key) && !/chat/i.test(key));
}

const excerpt = (value: string): string => (value.length > 120 ? `${value.slice(0, 117)}…` : value);

/** Binding-code-shaped words of `text`: 8 characters of the alphabet, at least one of them a letter. */
function bindingCodesIn(text: string): string[] {
  return [...text.matchAll(BINDING_CODE)].map((match) => match[0]).filter((word) => /[A-Z]/.test(word));
}

/** The findings in one string (a value, or a key when `asKey`). */
function scanText(text: string, where: string, leaks: Leak[], asKey = false): void {
  if (MOBILE.test(text)) leaks.push({ kind: 'phone', path: where, excerpt: excerpt(text) });
  if (CJK.test(text)) leaks.push({ kind: 'cjk', path: where, excerpt: excerpt(text) });
  if (bindingCodesIn(text).length > 0)
    leaks.push({ kind: 'binding_code', path: where, excerpt: excerpt(text) });
  if (asKey) return;
  const segments = ID.test(text) ? text.split(':') : [];
  const roomSegment = segments.slice(0, -1).some((segment) => ROOM.test(segment));
  const inPath = ROOM_IN_PATH.exec(text);
  if (ROOM.test(text) || roomSegment || (inPath !== null && inPath[1] !== '')) {
    leaks.push({ kind: 'room', path: where, excerpt: excerpt(text) });
  }
}

function walk(value: unknown, where: string, leaks: Leak[]): void {
  if (typeof value === 'string') return scanText(value, where, leaks);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && MOBILE.test(String(value))) {
      leaks.push({ kind: 'phone', path: where, excerpt: String(value) });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${where}[${index}]`, leaks));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    const at = where === '' ? key : `${where}.${key}`;
    scanText(key, at, leaks, true);
    const named = NAMED_SECRET_KEYS.has(key.toLowerCase()) || isRoomKey(key);
    if (named && item !== REDACTED && item !== null) {
      leaks.push({ kind: 'unredacted', path: at, excerpt: excerpt(JSON.stringify(item) ?? '') });
    }
    walk(item, at, leaks);
  }
}

/** A staff token's secret, as `commands/staff-tokens.ts` issues them. */
const STAFF_TOKEN = /jt_[A-Za-z0-9_-]{43}/;

/** The findings in one captured log line (an empty list when it is clean). */
export function scanLogLine(line: string, rules: ScanRules): Leak[] {
  const leaks: Leak[] = [];
  for (const token of rules.tokens) {
    if (token !== '' && line.includes(token)) leaks.push({ kind: 'token', path: '', excerpt: token });
  }
  const staffToken = STAFF_TOKEN.exec(line);
  if (staffToken !== null) leaks.push({ kind: 'token', path: '', excerpt: `${staffToken[0].slice(0, 6)}…` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    leaks.push({ kind: 'not_json', path: '', excerpt: excerpt(line) });
    scanText(line, '', leaks);
    return leaks;
  }
  walk(parsed, '', leaks);
  return leaks;
}

/** Every `*.ts` file under `dir`. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourcesUnder(full);
    return /\.(ts|mjs)$/.test(name) ? [full] : [];
  });
}

/**
 * The bearer tokens the tests use: the test systems' admin token, the demo's default one, and every
 * string literal of 12 or more characters given as a token (`token = '…'`, `JIATI_ADMIN_TOKEN: '…'`,
 * `{ token: '…' }`, `Bearer …`) in the sources under `testDir`.
 */
export function testTokens(testDir: string): string[] {
  const tokens = new Set<string>([ADMIN_TOKEN, loadConfig({ JIATI_DEMO: '1' }).adminToken]);
  const assigned = /token\w*['"]?\s*[:=]\s*['"`]([^'"`\s$]{12,})['"`]/gi;
  const bearer = /Bearer ([A-Za-z0-9._~+/-]{12,})/g;
  for (const file of sourcesUnder(testDir)) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(assigned)) tokens.add(match[1]!);
    for (const match of source.matchAll(bearer)) tokens.add(match[1]!);
  }
  return [...tokens].sort();
}

/** What a scan of the capture directory found. */
export interface ScanReport {
  readonly files: number;
  readonly lines: number;
  readonly leaks: readonly LocatedLeak[];
}

/** Scans every captured file of `dir` (one per test file and worker). */
export function scanCaptureDirectory(dir: string, rules: ScanRules): ScanReport {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.ndjson'))
    .sort();
  let lines = 0;
  const leaks: LocatedLeak[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    text.split('\n').forEach((line, index) => {
      if (line === '') return;
      lines++;
      for (const leak of scanLogLine(line, rules)) leaks.push({ ...leak, file, line: index + 1 });
    });
  }
  return { files: files.length, lines, leaks };
}

/** The report for a failed scan: how many findings of each kind, then the first `limit` of them. */
export function describeLeaks(report: ScanReport, limit = 40): string {
  const counts = new Map<LeakKind, number>();
  for (const leak of report.leaks) counts.set(leak.kind, (counts.get(leak.kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
  const shown = report.leaks
    .slice(0, limit)
    .map((leak) => `  ${leak.file}:${leak.line} ${leak.kind} at ${leak.path || '(line)'}: ${leak.excerpt}`);
  return [
    `privacy scan: ${report.leaks.length} findings (${summary}) in ${report.lines} log lines of ${report.files} test files:`,
    ...shown,
    ...(report.leaks.length > limit ? [`  … and ${report.leaks.length - limit} more`] : []),
  ].join('\n');
}
