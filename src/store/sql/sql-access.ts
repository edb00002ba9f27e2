import type { Store } from '../store.ts';
import type { Executor, TxExecutor } from './executor.ts';

/**
 * Raw SQL access for the domain repositories (src/<domain>/repo/): `$n` placeholders, shared SQL
 * on both engines. Not part of Store: only the composition root (src/app/) and the test engines
 * hold it and build the repositories with it (scripts/check-architecture.ts).
 */
export type SqlAccess = { engine: 'sqlite' | 'postgres'; writer: TxExecutor; reader: Executor };

/** An opened database: the engine's own verbs, and the executors the repositories are built on. */
export type OpenedStore = { store: Store; sql: SqlAccess };
