import { z } from 'zod';
import { humanText } from './text';
import { Email } from './widget-api';

/*
 * The agent inbox API under /v1/inbox: what packages/inbox (and scripts) send and receive.
 * docs/api.md documents each endpoint with an example. Every state-changing request must
 * come from the inbox's own origin (CSRF, see docs/api.md).
 */

export const AgentRole = z.enum(['owner', 'admin', 'agent']);
export type AgentRole = z.infer<typeof AgentRole>;

export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

/** Passwords: long enough to resist guessing, short enough that hashing stays cheap. */
export const Password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

// ---- POST /v1/inbox/auth/login
export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().pipe(Email),
  password: z.string().min(1, 'must not be empty').max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** The signed-in agent, as GET /v1/inbox/auth/me and login return it. */
export const Me = z.object({
  id: z.string(),
  accountId: z.string(),
  email: z.string(),
  name: z.string(),
  role: AgentRole,
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  maxChats: z.number().int(),
  presence: Presence,
});
export type Me = z.infer<typeof Me>;

// ---- invitations
/** Short tags like `en`, `billing`: lowercase letters, digits and dashes. */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be a short tag like "en" or "billing"');

export const CreateInviteBody = z.object({
  email: z.string().trim().toLowerCase().pipe(Email),
  role: AgentRole.default('agent'),
});
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;

export const Invite = z.object({
  id: z.string(),
  email: z.string(),
  role: AgentRole,
  expiresAt: z.iso.datetime(),
  /** Present only in the response that created it: the token is not stored in clear. */
  url: z.string().optional(),
});
export type Invite = z.infer<typeof Invite>;

export const InviteToken = z.string().min(10).max(200).regex(/^[A-Za-z0-9_-]+$/, 'is not an invitation token');
export const InviteParams = z.object({ token: InviteToken });

export const AcceptInviteBody = z.object({ name: humanText(120), password: Password });
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

// ---- sites
/**
 * An allowed-origin pattern: `https://shop.example.com`, `http://localhost:*` (any port) or
 * `https://*.example.com` (any subdomain). Server-side matching: server/src/sites/origins.ts.
 */
export const OriginPattern = z
  .string()
  .trim()
  .regex(/^https?:\/\/(\*\.)?[^/:*\s]+(:(\*|\d{1,5}))?$/, 'must be an origin like https://shop.example.com or http://localhost:*');

export const SiteName = humanText(80);
