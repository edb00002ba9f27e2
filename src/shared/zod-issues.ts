import type { z } from 'zod';
import { type FieldIssue, ValidationError } from './errors.ts';

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
    return { field: path.join('.') || '(body)', message: issue.message };
  });
}

/** Parses or throws a ValidationError that names every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`The ${what} is invalid.`, fieldIssues(result.error));
}
