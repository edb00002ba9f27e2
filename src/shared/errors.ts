/**
 * Typed domain errors. Transports (HTTP, CLI) map them once; nothing else inspects messages.
 */
export type FieldIssue = { field: string; message: string };

export class DomainError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'DomainError';
  }
}

/** The input is well-formed but names something that does not exist (a service, an incident). */
export class NotFoundError extends DomainError {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super('not-found', message);
    this.field = field;
  }
}

/** One or more fields are wrong; each issue names its field as a JSON pointer-ish path. */
export class ValidationError extends DomainError {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[]) {
    super('validation', message);
    this.issues = issues;
  }
}

export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, message = 'Too many reports from this address; try again later.') {
    super('rate-limited', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message: string) {
    super('unauthorized', message);
  }
}

/** Authenticated, but this caller may not do this (an agent's result for a check not its own). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The store cannot commit right now; nothing was acknowledged. */
export class UnavailableError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 5) {
    super('unavailable', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
