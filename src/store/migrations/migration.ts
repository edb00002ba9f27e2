/** A versioned schema change; `sql` may differ per engine where the dialects do. */
export type Migration = {
  version: number;
  name: string;
  sql: (engine: 'sqlite' | 'postgres') => string;
};
