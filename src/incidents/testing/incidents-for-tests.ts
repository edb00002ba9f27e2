import type { SqlAccess } from '../../store/sql/sql-access.ts';
import type { IncidentsRepo } from '../incidents-repo.ts';
import { sqlIncidentsRepo } from '../repo/sql-incidents-repo.ts';

/**
 * A real incidents repository over a test engine's executors, for other domains' tests that need
 * incidents to exist (alerts, sources). Production code receives its repository from src/app/;
 * scripts/check-architecture.ts keeps non-test code from importing another domain's testing/.
 */
export const incidentsForTests = (sql: SqlAccess): IncidentsRepo => sqlIncidentsRepo(sql);
