import type { z } from 'zod';
import { type FieldIssue, ValidationError } from './errors.ts';

/** zod's own English messages ("Invalid input: expected string, received undefined"), to be reworded. */
const LIBRARY_WORDS = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const units = (origin: unknown): string =>
  origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : '';

/**
 * The problem a zod issue describes, as the end of a sentence whose subject is the field ("is
 * required", "must be a number", "must be one of: login, feed"). Messages a schema wrote itself
 * are kept; only the library's generic words are replaced.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (!LIBRARY_WORDS.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? 'must not be empty'
        : `must be at least ${issue.minimum}${units(issue.origin)}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${units(issue.origin)}`;
    case 'invalid_value':
      if (issue.values.includes('true') && issue.values.includes('false')) return 'must be true or false';
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL' : `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `is not a known field (${issue.keys.join(', ')})`;
    case 'invalid_union':
      return 'is not in any of the accepted forms';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is not valid';
  }
}

/** Turns zod issues into field issues whose `field` is a dotted path ("problem", "items.3.country"). */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.join(', ');
      return {
        field: [...path, issue.keys[0] ?? ''].filter(Boolean).join('.'),
        message: `unknown field: ${keys}`,
      };
    }
    return { field: path.join('.') || '(body)', message: describeIssue(issue) };
  });
}

/** Parses or throws a ValidationError that names every bad field, in a sentence ("service is required"). */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error);
  const said = issues
    .slice(0, 3)
    .map((i) => (i.message.startsWith('unknown field') ? i.message : `${i.field} ${i.message}`))
    .join('; ');
  throw new ValidationError(`The ${what} is invalid: ${said}.`, issues);
}
