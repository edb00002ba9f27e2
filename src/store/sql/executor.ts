/** What the shared queries need from a driver. SQL uses $1…$n placeholders on both engines. */
export type Row = Record<string, unknown>;

export interface Executor {
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
}

export interface TxExecutor extends Executor {
  /** Runs fn inside one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}

export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
