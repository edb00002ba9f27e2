import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.ts';
import { DomainError, ValidationError } from '../shared/errors.ts';
import { MINUTE } from '../shared/time.ts';
import { fieldIssues } from '../shared/zod-issues.ts';
import type { NewReport, Store } from '../store/store.ts';
import { UNKNOWN_COUNTRY } from './country.ts';
import type { Identities } from './identity.ts';
import { checkServiceProblem } from './intake.ts';
import { ImportLine } from './report-body.ts';

export type LineError = { line: number; message: string };
export type ImportSummary = {
  lines: number;
  accepted: number;
  counted: number;
  rejected: number;
  errors: LineError[];
};
export type ImportProgress = (done: { lines: number; accepted: number; rejected: number }) => void;

const MAX_LISTED_ERRORS = 1000;

/**
 * Imports historical reports, one JSON object per line. Good lines are committed in batches even
 * when other lines are bad; each bad line is reported with its number. Reports from the future
 * (beyond a minute of clock skew) are refused.
 */
export async function importReports(
  deps: { catalog: Catalog; identities: Identities; store: Store; now: () => number },
  lines: AsyncIterable<string> | Iterable<string>,
  opts: { batchSize?: number; onProgress?: ImportProgress } = {},
): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? 2000;
  const summary: ImportSummary = { lines: 0, accepted: 0, counted: 0, rejected: 0, errors: [] };
  let batch: NewReport[] = [];
  const reject = (line: number, message: string) => {
    summary.rejected += 1;
    if (summary.errors.length < MAX_LISTED_ERRORS) summary.errors.push({ line, message });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await deps.store.appendReports(batch);
    summary.accepted += results.length;
    summary.counted += results.filter((r) => r.counted).length;
    batch = [];
    opts.onProgress?.({ lines: summary.lines, accepted: summary.accepted, rejected: summary.rejected });
  };
  for await (const text of lines) {
    summary.lines += 1;
    const n = summary.lines;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      reject(n, 'not valid JSON');
      continue;
    }
    const parsed = ImportLine.safeParse(json);
    if (!parsed.success) {
      reject(
        n,
        fieldIssues(parsed.error)
          .map((i) => `${i.field}: ${i.message}`)
          .join('; '),
      );
      continue;
    }
    const r = parsed.data;
    try {
      checkServiceProblem(deps.catalog, r.service, r.problem);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      reject(n, e instanceof ValidationError ? e.issues.map((i) => i.message).join('; ') : e.message);
      continue;
    }
    const at = typeof r.at === 'number' ? r.at : Date.parse(r.at);
    if (at > deps.now() + MINUTE) {
      reject(n, 'at: is in the future');
      continue;
    }
    const who = await deps.identities.ofReporter(r.reporter ?? randomUUID(), at);
    batch.push({
      service: r.service,
      problem: r.problem,
      country: r.country ?? UNKNOWN_COUNTRY,
      receivedAt: at,
      ...who,
      source: 'import',
    });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}
