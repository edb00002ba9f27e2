import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fieldIssues } from '../shared/zod-issues.ts';

/** The catalog shipped with Downwatch. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../catalog', import.meta.url));

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Every setting, its environment variable and default. Parsed once at start-up. */
export const Config = z.object({
  host: z.string().default('0.0.0.0'),
  port: int(8080, 0, 65535),
  dataDir: z.string().default('./data'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Extra catalog files or directories, added to the built-in catalog. */
  catalogPaths: list.default([]),
  /** Leave out the built-in catalog (operators who want only their own services). */
  builtinCatalog: z.stringbool().default(true),
  /** Proxies whose X-Forwarded-For is believed: IPs or CIDRs, comma-separated. Empty: none. */
  trustProxy: list.default([]),
  /** A header set by a trusted proxy or CDN carrying the client's country (e.g. cf-ipcountry). */
  countryHeader: z.string().toLowerCase().optional(),
  /** Required for the bulk import endpoint; at least 16 characters. Unset: bulk import is refused. */
  adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Reports per minute per client address (token bucket); burst is half of it. */
  rateLimitPerMinute: int(120, 1, 10_000_000),
  bodyLimitBytes: int(4096, 256, 1_048_576),
  /** Longest wait before a batch of reports is committed. */
  groupCommitMs: int(2, 0, 100),
  groupCommitMax: int(512, 1, 10_000),
  reportRetentionDays: int(2, 1, 3650),
  minuteRetentionDays: int(35, 1, 3650),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Shed load (503 + Retry-After) when the event loop lags more than this. 0 disables. */
  shedEventLoopDelayMs: int(300, 0, 60_000),
  /** Refuse reports (503) while more than this many wait for a commit: the store is behind. */
  maxCommitBacklog: int(20_000, 100, 10_000_000),
  /** Seconds a client may take to send a whole request. */
  requestTimeoutSeconds: int(10, 1, 600),
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
  rateLimitPerMinute: 'DOWNWATCH_RATE_LIMIT_PER_MINUTE',
  bodyLimitBytes: 'DOWNWATCH_BODY_LIMIT_BYTES',
  groupCommitMs: 'DOWNWATCH_GROUP_COMMIT_MS',
  groupCommitMax: 'DOWNWATCH_GROUP_COMMIT_MAX',
  reportRetentionDays: 'DOWNWATCH_REPORT_RETENTION_DAYS',
  minuteRetentionDays: 'DOWNWATCH_MINUTE_RETENTION_DAYS',
  logLevel: 'DOWNWATCH_LOG_LEVEL',
  requestTimeoutSeconds: 'DOWNWATCH_REQUEST_TIMEOUT_SECONDS',
  shedEventLoopDelayMs: 'DOWNWATCH_SHED_EVENT_LOOP_DELAY_MS',
  maxCommitBacklog: 'DOWNWATCH_MAX_COMMIT_BACKLOG',
};

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
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
      const name = ENV_NAMES[i.field as keyof Config];
      return `${name ?? i.field}: ${i.message}`;
    }),
  );
}
