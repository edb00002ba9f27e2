import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.ts';
import { Check } from './check.ts';

/** A checks file that cannot be used; the message lists every problem with its path. */
export class ChecksFileError extends Error {
  readonly issues: string[];
  constructor(file: string, issues: string[]) {
    super(`The checks file ${file} is invalid:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'ChecksFileError';
    this.issues = issues;
  }
}

const ChecksFile = z.strictObject({ checks: z.array(Check).default([]) });

/** Parses an operator's checks (YAML or JSON text); every problem is reported at once. */
export function parseChecks(text: string, file: string, catalog: Pick<Catalog, 'bySlug'>): Check[] {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0)
    throw new ChecksFileError(
      file,
      doc.errors.map((e) => e.message.split('\n')[0] ?? 'bad YAML'),
    );
  const parsed = ChecksFile.safeParse(doc.toJS() ?? {});
  if (!parsed.success)
    throw new ChecksFileError(
      file,
      parsed.error.issues.map((i) => {
        const path = i.path.map(String).join('.') || '(file)';
        return `${path}: ${i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message}`;
      }),
    );
  const issues: string[] = [];
  const ids = new Set<string>();
  parsed.data.checks.forEach((c, i) => {
    if (ids.has(c.id)) issues.push(`checks.${i}.id: "${c.id}" is used twice`);
    ids.add(c.id);
    if (c.service !== undefined && !catalog.bySlug.has(c.service))
      issues.push(`checks.${i}.service: "${c.service}" is not in the catalog`);
  });
  if (issues.length > 0) throw new ChecksFileError(file, issues);
  return parsed.data.checks;
}

/** Reads an operator's checks file. Throws ChecksFileError. */
export function loadChecksFile(path: string, catalog: Pick<Catalog, 'bySlug'>): Check[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ChecksFileError(path, [`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return parseChecks(text, path, catalog);
}
