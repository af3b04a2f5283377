import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode } from '@parley/protocol';

/** Thrown anywhere in a request; the app's error handler turns it into the error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

const codeForStatus: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

/** app.onError: known errors keep their status; anything else is logged and becomes a 500. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const malformed = status === 400 && /json/i.test(err.message);
    const code = malformed ? 'invalid_json' : (codeForStatus[status] ?? 'invalid_request');
    return c.json(errorBody(code, err.message || 'Bad request'), status);
  }
  console.error('[parley] unhandled error', err);
  return c.json(errorBody('internal', 'Internal server error'), 500);
}

export function handleNotFound(c: Context): Response {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
}
