import { z } from 'zod';
import { humanText } from './text';

/*
 * API tokens under /v1/inbox/api-tokens (owners and admins, signed in): another way into the
 * inbox API for scripts and integrations, `Authorization: Bearer <token>` in place of the
 * session cookie. docs/api.md has the scopes each route needs.
 */

/** What a token may do: each inbox route needs one of these (docs/api.md). */
export const ApiScope = z.enum([
  'conversations:read',
  'conversations:write',
  'contacts:read',
  'contacts:write',
  'kb:read',
  'kb:write',
  'reports:read',
  'settings:read',
  'settings:write',
]);
export type ApiScope = z.infer<typeof ApiScope>;

// ---- POST /v1/inbox/api-tokens
export const CreateApiTokenBody = z.object({
  name: humanText(80),
  scopes: z
    .array(ApiScope)
    .min(1)
    .max(ApiScope.options.length)
    .transform((scopes) => [...new Set(scopes)]),
});
export type CreateApiTokenBody = z.infer<typeof CreateApiTokenBody>;

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(ApiScope),
  /** Who created it: the token acts as them, within its scopes, while they are active. */
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** The answer to a create: the only time the token itself is shown (it is stored hashed). */
export const CreatedApiToken = ApiToken.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

// ---- GET /v1/inbox/api-tokens
export const ApiTokenList = z.object({ tokens: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;
