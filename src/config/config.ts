import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { fieldIssues } from '../shared/zod-issues.ts';

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
/** proxy-addr's names for address ranges, accepted beside addresses and CIDR ranges. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxySpec = (s: string): boolean => {
  if (PROXY_NAMES.has(s) || ipaddr.isValid(s)) return true;
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
};

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Every setting, its environment variable and default. Parsed once at start-up. */
export const Config = z
  .object({
    host: z.string().default('0.0.0.0').describe('Address the HTTP server listens on.'),
    port: int(8080, 0, 65535).describe('Port the HTTP server listens on.'),
    dataDir: z.string().default('./data').describe('Directory of the SQLite store (unused with PostgreSQL).'),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional()
      .describe(
        'PostgreSQL instead of the SQLite file (postgres://user:password@host/db); nodes sharing it form a cluster.',
      ),
    catalogPaths: list
      .default([])
      .describe('Extra catalog files or directories, added to the built-in catalog.'),
    builtinCatalog: z
      .stringbool()
      .default(true)
      .describe("Read the built-in catalog; false: only the operator's own services."),
    trustProxy: list
      .superRefine((items, ctx) => {
        for (const s of items)
          if (!isProxySpec(s))
            ctx.addIssue({
              code: 'custom',
              message: `"${s}" is not an IP address or a CIDR range (such as 10.0.0.0/8)`,
            });
      })
      .default([])
      .describe('Proxies whose X-Forwarded-For is believed: IPs or CIDRs, comma-separated. Empty: none.'),
    countryHeader: z
      .string()
      .toLowerCase()
      .optional()
      .describe("A header set by a trusted proxy or CDN carrying the client's country (e.g. cf-ipcountry)."),
    adminToken: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe(
        'Required for the bulk import endpoint; at least 16 characters. Unset: bulk import is refused.',
      ),
    formSecret: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe(
        "Signs the site's anti-forgery form tokens; nodes of a cluster share it (else derived from the admin token).",
      ),
    rateLimitPerMinute: int(120, 1, 10_000_000).describe(
      'Reports per minute per client address (token bucket); burst is half of it.',
    ),
    bodyLimitBytes: int(4096, 256, 1_048_576).describe('Largest request body accepted, in bytes.'),
    groupCommitMs: int(0, 0, 100).describe(
      'Extra wait for a batch of reports to fill before it is committed. 0: commit at the end of the event-loop turn, or as soon as the commit ahead finishes (batches grow with the load).',
    ),
    groupCommitMax: int(512, 1, 10_000).describe('Most reports committed in one batch.'),
    reportRetentionDays: int(2, 1, 3650).describe('Raw reports kept this long; per-minute counters stay.'),
    minuteRetentionDays: int(35, 1, 3650).describe(
      'Per-minute signals kept this long before they are rolled up.',
    ),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Least severe log line written (JSON lines on standard output).'),
    shedEventLoopDelayMs: int(300, 0, 60_000).describe(
      'Shed load (503 + Retry-After) when the event loop lags more than this. 0 disables.',
    ),
    maxCommitBacklog: int(20_000, 100, 10_000_000).describe(
      'Refuse reports (503) while more than this many wait for a commit: the store is behind.',
    ),
    requestTimeoutSeconds: int(10, 1, 600).describe('Seconds a client may take to send a whole request.'),
    probes: z
      .enum(['off', 'catalog'])
      .default('off')
      .describe(
        '"catalog": the server also probes the catalog\'s public targets (off by default: they are on the internet).',
      ),
    probesFile: z
      .string()
      .optional()
      .describe(
        "An operator's checks (YAML): HTTP, DNS, TCP and TLS checks of their own services and control targets.",
      ),
    allowPrivateTargets: z
      .stringbool()
      .default(false)
      .describe("Let probes reach private and loopback addresses (tests, an operator's own network)."),
    probesConcurrency: int(200, 1, 10_000).describe('Checks running at once on this node.'),
    probeRetentionDays: int(7, 1, 3650).describe(
      'Raw probe results kept this long (per-minute probe signals follow DOWNWATCH_MINUTE_RETENTION_DAYS).',
    ),
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('The address people reach this instance at: links in alerts, feeds and Statuspage JSON.'),
    smtpUrl: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional()
      .describe(
        'SMTP server for email alerts (smtp:// or smtps://, credentials in the URL). Unset: no email.',
      ),
    mailFrom: z
      .string()
      .min(3)
      .optional()
      .describe('Sender of alert emails ("Downwatch <alerts@example.com>"); required with the SMTP URL.'),
    alertsAllowPrivate: z
      .stringbool()
      .default(false)
      .describe('Let alert channels deliver to private and loopback addresses (tests, trusted networks).'),
    telegramApiUrl: z
      .url({ protocol: /^https?$/ })
      .default('https://api.telegram.org')
      .describe('Telegram Bot API base URL (a local Bot API server, tests).'),
    alertsGroupWaitSeconds: int(30, 0, 3600).describe(
      "Wait before an incident's first alert, so transitions of the same minute go out as one.",
    ),
    alertsGroupIntervalSeconds: int(300, 0, 86_400).describe(
      'Least time between two alerts about the same incident to the same subscriber.',
    ),
    alertsMaxAttempts: int(10, 1, 100).describe('Attempts before a delivery goes to the dead letter.'),
    sources: list
      .pipe(z.array(z.enum(['status', 'bluesky', 'mastodon', 'ris'])))
      .default([])
      .describe(
        'Outside sources to read (all on the internet, so none by default): status, bluesky, mastodon, ris.',
      ),
    statusPollSeconds: int(120, 10, 86_400).describe(
      'Seconds between two reads of an official status page or feed (conditional GETs).',
    ),
    sourcesAllowPrivate: z
      .stringbool()
      .default(false)
      .describe(
        'Let official status pages and feeds be read from private and loopback addresses (a self-hosted page).',
      ),
    jetstreamUrl: z
      .url({ protocol: /^wss?$/ })
      .default('wss://jetstream2.us-east.bsky.network/subscribe')
      .describe('Bluesky Jetstream endpoint read by the bluesky source.'),
    mastodonUrl: z
      .url({ protocol: /^https?$/ })
      .default('https://mastodon.social')
      .describe('Mastodon instance whose public stream the mastodon source reads.'),
    mastodonToken: z
      .string()
      .min(1)
      .optional()
      .describe('Access token for the Mastodon instance (many require one for the public stream).'),
    risLiveUrl: z
      .url({ protocol: /^wss?$/ })
      .default('wss://ris-live.ripe.net/v1/ws/?client=downwatch')
      .describe('RIPE RIS Live endpoint read by the ris source (routing events).'),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.smtpUrl) !== Boolean(c.mailFrom))
      ctx.addIssue({
        code: 'custom',
        path: [c.smtpUrl ? 'mailFrom' : 'smtpUrl'],
        message: 'email alerts need both DOWNWATCH_SMTP_URL and DOWNWATCH_MAIL_FROM',
      });
  });
export type Config = z.infer<typeof Config>;

/** Environment variable for each setting. */
export const ENV_NAMES: Record<keyof Config, string> = {
  host: 'DOWNWATCH_HOST',
  port: 'DOWNWATCH_PORT',
  dataDir: 'DOWNWATCH_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  catalogPaths: 'DOWNWATCH_CATALOG',
  builtinCatalog: 'DOWNWATCH_BUILTIN_CATALOG',
  trustProxy: 'DOWNWATCH_TRUST_PROXY',
  countryHeader: 'DOWNWATCH_COUNTRY_HEADER',
  adminToken: 'DOWNWATCH_ADMIN_TOKEN',
  formSecret: 'DOWNWATCH_FORM_SECRET',
  rateLimitPerMinute: 'DOWNWATCH_RATE_LIMIT_PER_MINUTE',
  bodyLimitBytes: 'DOWNWATCH_BODY_LIMIT_BYTES',
  groupCommitMs: 'DOWNWATCH_GROUP_COMMIT_MS',
  groupCommitMax: 'DOWNWATCH_GROUP_COMMIT_MAX',
  reportRetentionDays: 'DOWNWATCH_REPORT_RETENTION_DAYS',
  minuteRetentionDays: 'DOWNWATCH_MINUTE_RETENTION_DAYS',
  logLevel: 'DOWNWATCH_LOG_LEVEL',
  requestTimeoutSeconds: 'DOWNWATCH_REQUEST_TIMEOUT_SECONDS',
  probes: 'DOWNWATCH_PROBES',
  probesFile: 'DOWNWATCH_PROBES_FILE',
  allowPrivateTargets: 'DOWNWATCH_PROBES_ALLOW_PRIVATE',
  probesConcurrency: 'DOWNWATCH_PROBES_CONCURRENCY',
  probeRetentionDays: 'DOWNWATCH_PROBE_RETENTION_DAYS',
  shedEventLoopDelayMs: 'DOWNWATCH_SHED_EVENT_LOOP_DELAY_MS',
  maxCommitBacklog: 'DOWNWATCH_MAX_COMMIT_BACKLOG',
  publicUrl: 'DOWNWATCH_PUBLIC_URL',
  smtpUrl: 'DOWNWATCH_SMTP_URL',
  mailFrom: 'DOWNWATCH_MAIL_FROM',
  alertsAllowPrivate: 'DOWNWATCH_ALERTS_ALLOW_PRIVATE',
  telegramApiUrl: 'DOWNWATCH_TELEGRAM_API_URL',
  alertsGroupWaitSeconds: 'DOWNWATCH_ALERTS_GROUP_WAIT_SECONDS',
  alertsGroupIntervalSeconds: 'DOWNWATCH_ALERTS_GROUP_INTERVAL_SECONDS',
  alertsMaxAttempts: 'DOWNWATCH_ALERTS_MAX_ATTEMPTS',
  sources: 'DOWNWATCH_SOURCES',
  statusPollSeconds: 'DOWNWATCH_STATUS_POLL_SECONDS',
  sourcesAllowPrivate: 'DOWNWATCH_SOURCES_ALLOW_PRIVATE',
  jetstreamUrl: 'DOWNWATCH_JETSTREAM_URL',
  mastodonUrl: 'DOWNWATCH_MASTODON_URL',
  mastodonToken: 'DOWNWATCH_MASTODON_TOKEN',
  risLiveUrl: 'DOWNWATCH_RIS_LIVE_URL',
};

/** One sentence per bad setting, each naming its variable or flag. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(problems.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join('\n'));
    this.name = 'ConfigError';
  }
}

const codeOf = (e: unknown): string =>
  e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'error';
/** Whether a string names a setting. */
export const isConfigKey = (k: string): k is keyof Config => Object.hasOwn(ENV_NAMES, k);

const FLAG_NAMES: Partial<Record<keyof Config, string>> = { catalogPaths: '--catalog' };
/** The flag that overrides a setting ("dataDir" → "--data-dir"). */
const flagOf = (key: keyof Config): string =>
  FLAG_NAMES[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * mkdir -p, one level at a time: Node's recursive mkdirSync never returns when a parent refuses
 * children with ENOENT (/proc/nope), so each level is created and checked here.
 */
function makeDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return;
    const parent = dirname(dir);
    if (codeOf(e) !== 'ENOENT' || parent === dir || existsSync(parent)) throw e;
    makeDir(parent);
    mkdirSync(dir);
  }
}

/**
 * Refuses a data directory that cannot be used, before anything opens it: it is created if missing,
 * must be a directory, and must take a file. Unused with PostgreSQL.
 */
export function checkDataDir(config: Config, overrides: Partial<Record<keyof Config, unknown>> = {}): void {
  if (config.databaseUrl) return;
  const name = overrides.dataDir !== undefined ? flagOf('dataDir') : ENV_NAMES.dataDir;
  const dir = config.dataDir;
  const refuse = (why: string) => {
    throw new ConfigError([`${name}: ${dir} ${why}`]);
  };
  try {
    makeDir(dir);
  } catch (e) {
    if (codeOf(e) !== 'EEXIST') refuse(`cannot be created (${codeOf(e)})`);
  }
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    refuse(`cannot be read (${codeOf(e)})`);
  }
  if (!isDir) refuse('is a file, not a directory');
  const probe = join(dir, `.downwatch-write-test-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe, { force: true });
  } catch (e) {
    refuse(`is not writable (${codeOf(e)})`);
  }
}

/**
 * Reads settings from environment variables, then applies overrides (CLI flags, tests).
 * Empty variables count as unset. Throws ConfigError naming each bad variable.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  overrides: Partial<Record<keyof Config, unknown>> = {},
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const v = env[name];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  for (const [key, v] of Object.entries(overrides)) if (v !== undefined) raw[key] = v;
  const result = Config.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    fieldIssues(result.error).map((i) => {
      const key = i.field.split('.')[0] ?? i.field;
      if (!isConfigKey(key)) return `${i.field}: ${i.message}`;
      const name = overrides[key] !== undefined ? flagOf(key) : ENV_NAMES[key];
      return `${name}: ${i.message}`;
    }),
  );
}
