import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Catalog, ExpectedEvent, Service } from './catalog.ts';
import { CatalogFile, type Labels, type ProviderEntry, type ServiceEntry } from './schema.ts';

/** One problem found in the catalog, located by file, entry and field. */
export type CatalogIssue = { file: string; entry: string; field: string; message: string };

export class CatalogError extends Error {
  readonly issues: CatalogIssue[];
  constructor(issues: CatalogIssue[]) {
    super(`The catalog has ${issues.length} problem(s):\n${issues.map(formatIssue).join('\n')}`);
    this.issues = issues;
    this.name = 'CatalogError';
  }
}

export const formatIssue = (i: CatalogIssue): string =>
  `  ${i.file}: ${i.entry}${i.field ? `, field "${i.field}"` : ''}: ${i.message}`;

/** The YAML files of a directory (not recursive), or the file itself. */
function yamlFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(path, f));
}

/** Names an entry by its slug when it has one ("services[3] (instagram)"). */
function entryName(raw: unknown, path: PropertyKey[]): string {
  const [section, index] = path;
  if (typeof section !== 'string') return '(file)';
  if (typeof index !== 'number') return section;
  const list = (raw as Record<string, unknown[]> | null)?.[section];
  const item = Array.isArray(list) ? list[index] : undefined;
  const slug =
    item && typeof item === 'object'
      ? ((item as { slug?: unknown; id?: unknown }).slug ?? (item as { id?: unknown }).id)
      : undefined;
  return `${section}[${index}]${typeof slug === 'string' ? ` (${slug})` : ''}`;
}

function zodIssues(file: string, raw: unknown, error: z.ZodError): CatalogIssue[] {
  return error.issues.map((issue) => {
    const extra = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path.slice(2).map(String), ...extra].join('.');
    const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    return { file, entry: entryName(raw, issue.path), field, message };
  });
}

type Parsed = { file: string; data: CatalogFile };

function parseFile(file: string, display: string, issues: CatalogIssue[]): Parsed | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    issues.push({ file: display, entry: '(file)', field: '', message: 'cannot be read' });
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors)
      issues.push({
        file: display,
        entry: '(file)',
        field: '',
        message: e.message.split('\n')[0] ?? 'bad YAML',
      });
    return undefined;
  }
  let raw: unknown;
  try {
    // toJS() can still throw, e.g. on an alias bomb ("Excessive alias count").
    raw = doc.toJS() ?? {};
  } catch (e) {
    issues.push({
      file: display,
      entry: '(file)',
      field: '',
      message: e instanceof Error ? e.message : 'bad YAML',
    });
    return undefined;
  }
  const result = CatalogFile.safeParse(raw);
  if (!result.success) {
    issues.push(...zodIssues(display, raw, result.error));
    return undefined;
  }
  return { file: display, data: result.data };
}

/**
 * Loads and validates every YAML file under the given paths. Later paths may add services;
 * a slug declared twice is an error naming both files. Throws CatalogError with every problem found.
 */
export function loadCatalog(paths: string[], cwd = process.cwd()): Catalog {
  const issues: CatalogIssue[] = [];
  const parsed: Parsed[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = yamlFiles(path);
    } catch {
      issues.push({
        file: relative(cwd, path) || path,
        entry: '(path)',
        field: '',
        message: 'cannot be read',
      });
      continue;
    }
    for (const file of files) {
      const p = parseFile(file, relative(cwd, file) || file, issues);
      if (p) parsed.push(p);
    }
  }
  const categories = new Map<string, Labels>();
  const providers = new Map<string, ProviderEntry>();
  const entries = new Map<string, { file: string; index: number; entry: ServiceEntry }>();
  for (const { file, data } of parsed) {
    for (const c of data.categories) categories.set(c.id, c.labels);
    for (const p of data.providers) providers.set(p.slug, p);
    data.services.forEach((entry, index) => {
      const prior = entries.get(entry.slug);
      if (prior) {
        issues.push({
          file,
          entry: `services[${index}] (${entry.slug})`,
          field: 'slug',
          message: `already declared in ${prior.file}`,
        });
      } else entries.set(entry.slug, { file, index, entry });
    });
  }
  const services: Service[] = [];
  for (const { file, index, entry } of entries.values()) {
    const where = `services[${index}] (${entry.slug})`;
    if (!providers.has(entry.provider)) {
      issues.push({ file, entry: where, field: 'provider', message: `unknown provider "${entry.provider}"` });
    }
    entry.dependencies.forEach((dep, i) => {
      if (!entries.has(dep))
        issues.push({ file, entry: where, field: `dependencies.${i}`, message: `unknown service "${dep}"` });
    });
    const resolved: Service['categories'] = [];
    entry.categories.forEach((c, i) => {
      const id = typeof c === 'string' ? c : c.id;
      const labels = (typeof c === 'string' ? undefined : c.labels) ?? categories.get(id);
      if (!labels)
        issues.push({
          file,
          entry: where,
          field: `categories.${i}`,
          message: `unknown category "${id}" (declare it under categories: with labels)`,
        });
      else resolved.push({ id, labels });
    });
    services.push({ ...entry, categories: resolved, source: file });
  }
  const expected: ExpectedEvent[] = [];
  for (const { file, data } of parsed)
    data.expected.forEach((e, index) => {
      e.services.forEach((slug, i) => {
        if (!entries.has(slug))
          issues.push({
            file,
            entry: `expected[${index}]`,
            field: `services.${i}`,
            message: `unknown service "${slug}"`,
          });
      });
      expected.push({
        services: e.services,
        kind: e.kind,
        what: e.what,
        from: Date.parse(e.from),
        to: Date.parse(e.to),
      });
    });
  if (issues.length > 0) throw new CatalogError(issues);
  services.sort((a, b) => a.slug.localeCompare(b.slug));
  expected.sort((a, b) => a.from - b.from);
  return {
    services,
    providers: [...providers.values()].sort((a, b) => a.slug.localeCompare(b.slug)),
    categories,
    bySlug: new Map(services.map((s) => [s.slug, s])),
    expected,
  };
}
