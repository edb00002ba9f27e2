import {
  DomainError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '../shared/errors.ts';

/** An RFC 9457 problem document. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId: string;
  errors?: { field: string; message: string }[];
};

export type ProblemReply = { status: number; headers: Record<string, string>; body: Problem };

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const STATUS_OF: Record<string, number> = {
  validation: 422,
  'not-found': 404,
  'rate-limited': 429,
  unauthorized: 401,
  forbidden: 403,
  unavailable: 503,
};

/** Messages of framework errors we pass through as they are (they describe the request, not us). */
const FRAMEWORK_DETAIL: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this endpoint accepts.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
};

const problem = (
  status: number,
  kind: string,
  requestId: string,
  instance: string,
  detail?: string,
): Problem => ({
  type: `/api/v1/problems/${kind}`,
  title: TITLES[status] ?? 'Error',
  status,
  ...(detail ? { detail } : {}),
  instance,
  requestId,
});

/**
 * Maps any error to a problem reply. Domain errors and client errors say what was wrong;
 * anything else is a 500 that carries only the request id.
 */
export function toProblem(err: unknown, requestId: string, instance: string): ProblemReply {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (err instanceof DomainError) {
    const status = STATUS_OF[err.kind] ?? 400;
    const body = problem(status, err.kind, requestId, instance, err.message);
    if (err instanceof ValidationError) body.errors = err.issues;
    if ('field' in err && typeof err.field === 'string')
      body.errors = [{ field: err.field, message: err.message }];
    if (err instanceof RateLimitedError || err instanceof UnavailableError)
      headers['retry-after'] = String(err.retryAfterSeconds);
    if (err instanceof UnauthorizedError) headers['www-authenticate'] = 'Bearer';
    return { status, headers, body };
  }
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = typeof e.code === 'string' ? e.code : '';
    const detail =
      FRAMEWORK_DETAIL[code] ?? (err instanceof SyntaxError ? 'The body is not valid JSON.' : TITLES[status]);
    return { status, headers, body: problem(status, 'bad-request', requestId, instance, detail) };
  }
  return {
    status: 500,
    headers,
    body: problem(
      500,
      'internal',
      requestId,
      instance,
      'Something went wrong on our side. Quote the requestId if you report it.',
    ),
  };
}

/**
 * The raw HTTP response for a connection-level error (unparsable request, request timeout,
 * oversized headers), written straight to the socket, as problem+json like every other error.
 */
export function clientErrorResponse(code: string | undefined, requestId: string): string {
  const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const title = TITLES[status] ?? 'Bad Request';
  const body = JSON.stringify({
    type: '/api/v1/problems/bad-request',
    title,
    status,
    detail: title,
    requestId,
  });
  return `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}
