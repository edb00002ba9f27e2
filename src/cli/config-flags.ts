import type { Config } from '../config/config.ts';

/** Flags shared by commands that open the store; each overrides its environment variable. */
export const storeFlags = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  catalog: { type: 'string', multiple: true },
} as const;

export const storeFlagsHelp = `  --data-dir DIR        where the SQLite file lives (DOWNWATCH_DATA_DIR, default ./data)
  --database-url URL    use PostgreSQL instead (DATABASE_URL)
  --catalog PATH        extra catalog file or directory, repeatable (DOWNWATCH_CATALOG)`;

export function storeOverrides(v: {
  'data-dir'?: string | undefined;
  'database-url'?: string | undefined;
  catalog?: string[] | undefined;
}): Partial<Record<keyof Config, unknown>> {
  return {
    dataDir: v['data-dir'],
    databaseUrl: v['database-url'],
    catalogPaths: v.catalog?.join(','),
  };
}
