import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

/** `HH:MM-HH:MM`, 24-hour clock: a daily window, which may cross midnight. */
const clockRange = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM-HH:MM, e.g. 21:30-08:00')
  .transform((range) => {
    const [start, end] = range.split('-').map((hhmm) => {
      const [hours, minutes] = hhmm.split(':').map(Number);
      return hours! * 60 + minutes!;
    });
    return { startMinute: start!, endMinute: end! };
  });

/**
 * Every setting the process reads from its environment, parsed once at start-up. A bad value stops
 * the process with one line naming the variable (see {@link loadConfig}); nothing else in the code
 * reads `process.env`.
 */
export const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    JIATI_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    JIATI_DATA_DIR: z.string().min(1).default('./data'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    JIATI_DB_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only')
      .default('jiati'),
    JIATI_FERRETDB_BIN: z.string().min(1).default('.cache/bin/jiati-ferretdb'),
    WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-mock'),
    WECHATY_PUPPET_TOKEN: z.string().min(1).optional(),
    WECHATY_NAME: z.string().min(1).default('jiati'),
    JIATI_DISPLAY_TZ: timeZone.default('Asia/Shanghai'),
    JIATI_HOLIDAYS_FILE: z.string().min(1).optional(),
    JIATI_CHECKLISTS_FILE: z.string().min(1).optional(),
    JIATI_DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    JIATI_BOT: bool.default(true),
    JIATI_DEMO: bool.default(false),
    JIATI_BALLOT_MIN_OPEN_DAYS: z.coerce.number().int().min(1).max(60).default(5),
    JIATI_ADMIN_CONTACTS: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      )
      .refine(
        (ids) => ids.length <= 20 && ids.every((id) => /^[\x21-\x7e]{1,128}$/.test(id)),
        'must be at most 20 WeChat contact ids separated by commas (printable ASCII, no spaces)',
      )
      .default([]),
    JIATI_BINDING_CODE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    AGENDA_PROCESS_EVERY_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
    JIATI_DEADLINE_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
    JIATI_DEADLINE_GRACE_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    JIATI_DEADLINE_LEASE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
    JIATI_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    JIATI_OUTBOX_PER_GROUP_PER_SECOND: z.coerce.number().int().min(1).max(100).default(1),
    JIATI_OUTBOX_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(40),
    JIATI_QUIET_HOURS: clockRange.prefault('21:30-08:00'),
    JIATI_OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    JIATI_VIEW_WRITE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    JIATI_DB_MAX_POOL: z.coerce.number().int().min(1).max(1000).optional(),
    JIATI_RATE_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
    JIATI_RATE_TOKEN_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(300),
    JIATI_AUTH_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).max(10_000).default(10),
    JIATI_TRUST_PROXY: bool.default(false),
    JIATI_DB_RESTARTS: z.coerce.number().int().min(0).max(100).default(8),
    WECHAT_APPID: z
      .string()
      .regex(/^wx[0-9a-f]{16}$/, 'must be a mini-program AppID (wx and 16 hex digits)')
      .optional(),
    WECHAT_SECRET: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be the 32 hex digits of the AppSecret')
      .optional(),
    WECHAT_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
    /** The subscription-message templates chosen in WeChat's console (their ids); unset: that reminder is off. */
    WECHAT_TEMPLATE_BALLOT: z
      .string()
      .regex(/^[\w-]{1,64}$/, 'must be a template id')
      .optional(),
    WECHAT_TEMPLATE_PUBLICITY: z
      .string()
      .regex(/^[\w-]{1,64}$/, 'must be a template id')
      .optional(),
    WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
    JIATI_DEV_SIGN_IN: bool.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((env, ctx) => {
    const demo = env.JIATI_DEMO;
    const adminToken = env.JIATI_ADMIN_TOKEN ?? (demo ? 'jiati-demo-admin-token' : undefined);
    if ((env.WECHAT_APPID === undefined) !== (env.WECHAT_SECRET === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.WECHAT_APPID === undefined ? 'WECHAT_APPID' : 'WECHAT_SECRET'],
        message: 'is needed too: WECHAT_APPID and WECHAT_SECRET are set together',
      });
      return z.NEVER;
    }
    if (!adminToken) {
      ctx.addIssue({
        code: 'custom',
        path: ['JIATI_ADMIN_TOKEN'],
        message: 'is required (at least 16 characters) unless JIATI_DEMO=1',
      });
      return z.NEVER;
    }
    return {
      port: env.PORT,
      host: env.HOST,
      adminToken,
      dataDir: path.resolve(env.JIATI_DATA_DIR),
      mongodbUri: env.MONGODB_URI,
      dbName: env.JIATI_DB_NAME,
      ferretdbBin: path.resolve(env.JIATI_FERRETDB_BIN),
      puppet: env.WECHATY_PUPPET,
      puppetToken: env.WECHATY_PUPPET_TOKEN,
      botName: env.WECHATY_NAME,
      botEnabled: env.JIATI_BOT,
      displayTimeZone: env.JIATI_DISPLAY_TZ,
      holidaysFile: env.JIATI_HOLIDAYS_FILE ? path.resolve(env.JIATI_HOLIDAYS_FILE) : undefined,
      /** The city's checklists (application materials, subsidy, provident fund); absent: Hangzhou's. */
      checklistsFile: env.JIATI_CHECKLISTS_FILE ? path.resolve(env.JIATI_CHECKLISTS_FILE) : undefined,
      /** The largest document the API takes (bytes; default 20 MB, at most 50 MB). */
      documentMaxBytes: env.JIATI_DOCUMENT_MAX_BYTES,
      demo,
      ballotMinimumOpenDays: env.JIATI_BALLOT_MIN_OPEN_DAYS,
      /** WeChat contact ids of the platform admins, told when an alert reaches no one. */
      adminContacts: env.JIATI_ADMIN_CONTACTS,
      /** How long a household binding code stays valid after it is issued. */
      bindingCodeDays: env.JIATI_BINDING_CODE_DAYS,
      agendaProcessEveryMs: env.AGENDA_PROCESS_EVERY_MS,
      /** How long a job's lock holds: a process killed mid-job blocks that job this long. */
      jobLockMs: env.JIATI_JOB_LOCK_MS,
      /** The deadline sweeper: how often it runs, the lateness it tolerates, a dead sweeper's lease. */
      deadlines: {
        intervalMs: env.JIATI_DEADLINE_SWEEP_MS,
        graceMs: env.JIATI_DEADLINE_GRACE_MS,
        leaseMs: env.JIATI_DEADLINE_LEASE_MS,
      },
      outboxPerGroupPerSecond: env.JIATI_OUTBOX_PER_GROUP_PER_SECOND,
      outboxPerMinute: env.JIATI_OUTBOX_PER_MINUTE,
      /** Asia/Shanghai minutes after midnight; start = end means no quiet hours. */
      quietHours: env.JIATI_QUIET_HOURS,
      outboxPollMs: env.JIATI_OUTBOX_POLL_MS,
      viewWriteDelayMs: env.JIATI_VIEW_WRITE_DELAY_MS,
      /** Connections to the database; absent: 10 on the embedded FerretDB, the driver's default elsewhere. */
      dbMaxPool: env.JIATI_DB_MAX_POOL,
      /** Requests per minute per address and per token, failed sign-ins per address in 15 minutes (0: off). */
      rateLimits: {
        perAddressPerMinute: env.JIATI_RATE_ADDRESS_PER_MINUTE,
        perTokenPerMinute: env.JIATI_RATE_TOKEN_PER_MINUTE,
        authFailuresPerAddress: env.JIATI_AUTH_FAILURES_PER_ADDRESS,
      },
      /** The caller's address comes from `X-Forwarded-For` (behind a reverse proxy only). */
      trustProxy: env.JIATI_TRUST_PROXY,
      /**
       * Restarts in a row of a dying embedded database before the app exits (code 3) for a process
       * manager to restart it; 0: exit at the first death (see `superviseEmbeddedDatabase`).
       */
      dbRestarts: env.JIATI_DB_RESTARTS,
      /** The mini-program's credentials for WeChat's sign-in (`code2Session`); absent: it answers 503. */
      wechat:
        env.WECHAT_APPID === undefined || env.WECHAT_SECRET === undefined
          ? undefined
          : {
              appId: env.WECHAT_APPID,
              secret: env.WECHAT_SECRET,
              ...(env.WECHAT_API_BASE === undefined ? {} : { baseUrl: env.WECHAT_API_BASE }),
              state: env.WECHAT_MINIPROGRAM_STATE,
            },
      /**
       * The mini-program's reminder templates by kind: a resident who allowed one gets that reminder as
       * a subscription message (needs `wechat`); a kind without a template is not sent there.
       */
      reminderTemplates: {
        ...(env.WECHAT_TEMPLATE_BALLOT === undefined ? {} : { ballot: env.WECHAT_TEMPLATE_BALLOT }),
        ...(env.WECHAT_TEMPLATE_PUBLICITY === undefined ? {} : { publicity: env.WECHAT_TEMPLATE_PUBLICITY }),
      },
      /** Residents may sign in with a binding code instead of WeChat (development; on in the demo). */
      devSignIn: env.JIATI_DEV_SIGN_IN ?? demo,
      logLevel: env.LOG_LEVEL,
    };
  });

export type Config = z.output<typeof Env>;

/** Thrown by {@link loadConfig}; its message is the one line the operator sees. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment into a {@link Config}. Empty strings count as unset, so `PORT=` in a
 * `.env` file means "use the default" rather than "port 0".
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = issue.path.join('.') || 'environment';
  const secret = /TOKEN|URI|PASSWORD|SECRET/.test(name);
  const value = typeof present[name] === 'string' && !secret ? ` (got ${JSON.stringify(present[name])})` : '';
  throw new ConfigError(`Configuration error: ${name} ${issue.message}${value}`);
}
