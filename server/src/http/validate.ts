import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { limitBody } from './body-limit';
import { ApiError } from './errors';

/** What a route validates, by middleware: the OpenAPI document is generated from it (api/openapi.ts). */
export interface RequestSchema {
  target: keyof ValidationTargets;
  schema: ZodType;
}
const described = new WeakMap<object, RequestSchema>();

/** The part of a request `handler` validates, when it is a `validate(…)` middleware. */
export const requestSchemaOf = (handler: unknown): RequestSchema | undefined => (typeof handler === 'function' ? described.get(handler) : undefined);

/** The body limit of a JSON route that sets none: a message, a settings form, an article. */
export const JSON_BODY_LIMIT = 64 * 1024;

/**
 * zValidator with our error shape: the message names the first bad field, e.g.
 * `body: must not be empty`, so a client developer sees what to fix. A JSON body is refused
 * with a 413 past `maxBytes` before it is read; a route that takes more says so here, beside
 * its handler (`validate('json', Schema, { maxBytes })`).
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T, opts: { maxBytes?: number } = {}) {
  const check = zValidator(target, schema, (result) => {
    if (result.success) return;
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(400, 'invalid_request', `${where}${issue?.message ?? 'invalid input'}`);
  });
  let middleware = check;
  if (target === 'json') {
    const limit = limitBody(opts.maxBytes ?? JSON_BODY_LIMIT);
    // Same signature as `check`, so the route keeps its typed `c.req.valid('json')`.
    middleware = (async (c, next) => limit(c, () => check(c, next))) as typeof check;
  }
  described.set(middleware, { target, schema });
  return middleware;
}
