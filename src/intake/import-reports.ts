import { hash } from 'node:crypto';
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
 * The identity of an imported line that names no reporter: a hash of what the line says and of how
 * many identical lines came before it at the same time, so the same file imported twice gives the
 * same identities (and is counted once), while identical lines in one file stay distinct people.
 * No person's data is involved (an import has no IP), so no daily key is needed, and re-importing
 * after the day's key is gone still matches.
 */
function lineIdentity(text: string, occurrence: number): { identity: string; network: string } {
  const id = hash('sha256', `import-line:${occurrence}:${text}`, 'base64url').slice(0, 22);
  return { identity: id, network: `import:${id}` };
}

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
  const seen = new Map<string, number>();
  let sameAt = Number.NaN;
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
    let who: { identity: string; network: string };
    if (r.reporter !== undefined) who = await deps.identities.ofReporter(r.reporter, at);
    else {
      // Occurrences are counted among lines of the same instant only (files are in time order),
      // so memory stays small on files of millions of lines.
      if (at !== sameAt) {
        sameAt = at;
        seen.clear();
      }
      const content = `${r.service}|${r.problem}|${at}|${r.country ?? ''}`;
      const k = (seen.get(content) ?? 0) + 1;
      seen.set(content, k);
      who = lineIdentity(content, k);
    }
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
