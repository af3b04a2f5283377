import { z } from 'zod';
import { humanText } from './text';
import { Email } from './widget-api';
import { Priority, SiteSettings } from './site-settings';

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

// ---- POST /v1/inbox/auth/password (signed in)
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(200),
  newPassword: Password,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

// ---- POST /v1/inbox/auth/password-reset and /password-reset/:token (no session)
export const PasswordResetRequestBody = z.object({ email: z.string().trim().toLowerCase().pipe(Email) });
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;

/** The tokens of links the server mails or hands out (invitations, password resets). */
const LinkToken = z.string().min(10).max(200).regex(/^[A-Za-z0-9_-]+$/, 'is not a link token');
export const PasswordResetParams = z.object({ token: LinkToken });
export const PasswordResetBody = z.object({ password: Password });
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

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
  /** Absolute and content-addressed (GET /v1/avatars/:agentId/:hash); null until they upload a photo. */
  avatarUrl: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

/**
 * PUT /v1/inbox/me/avatar and /v1/inbox/agents/:id/avatar take the raw image as the body
 * (image/png, image/jpeg or image/webp, at most 256 KiB), not JSON. The public address:
 */
export const AvatarParams = z.object({ agentId: z.string().min(1).max(64), hash: z.string().regex(/^[0-9a-f]{32}$/, 'is not an avatar hash') });

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

export const InviteParams = z.object({ token: LinkToken });

/** GET /v1/inbox/invites/:token: what the invitee sees before accepting, without a session. */
export const InviteLookup = Invite.omit({ url: true }).extend({ accountName: z.string() });
export type InviteLookup = z.infer<typeof InviteLookup>;

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

// ---- presence
export const PresenceBody = z.object({ presence: Presence });
export type PresenceBody = z.infer<typeof PresenceBody>;

// ---- GET /v1/inbox/team: the assign menu, so every agent may read it
export const TeamMember = Me.pick({ id: true, name: true, role: true, presence: true, maxChats: true, avatarUrl: true }).extend({
  /** Unresolved conversations assigned to them, against `maxChats`. */
  load: z.number().int(),
});
export type TeamMember = z.infer<typeof TeamMember>;
export const Team = z.object({ agents: z.array(TeamMember) });
export type Team = z.infer<typeof Team>;

// ---- GET /v1/inbox/stream
export const InboxStreamQuery = z.object({ lastEventId: z.coerce.number().int().min(0).optional() });

// ---- sites (settings pages)
export const SiteRef = z.object({ id: z.string(), name: z.string(), publicKey: z.string() });
export type SiteRef = z.infer<typeof SiteRef>;
export const SiteList = z.object({ sites: z.array(SiteRef) });
export type SiteList = z.infer<typeof SiteList>;

/** A site with everything its settings pages show (owners and admins only). */
export const SiteAdmin = SiteRef.extend({
  allowedOrigins: z.array(z.string()),
  settings: SiteSettings,
  /** Signs identify() calls: HMAC-SHA256(userId) with this secret, computed on the site's server. */
  identitySecret: z.string(),
  embedSnippet: z.string(),
  /** The server has ANTHROPIC_API_KEY: `settings.bot.provider: 'anthropic'` means Claude. */
  anthropicConfigured: z.boolean(),
});
export type SiteAdmin = z.infer<typeof SiteAdmin>;

export const CreateSiteBody = z.object({ name: SiteName, allowedOrigins: z.array(OriginPattern).min(1).max(50) });
export type CreateSiteBody = z.infer<typeof CreateSiteBody>;

/** Settings are replaced whole (the pages send the full object back); missing keys get defaults. */
export const UpdateSiteBody = z
  .object({ name: SiteName.optional(), allowedOrigins: z.array(OriginPattern).min(1).max(50).optional(), settings: SiteSettings.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change something');
export type UpdateSiteBody = z.infer<typeof UpdateSiteBody>;

// ---- agents (admin)
export const AgentAdmin = Me.extend({ lastSeenAt: z.iso.datetime().nullable(), active: z.boolean(), load: z.number().int() });
export type AgentAdmin = z.infer<typeof AgentAdmin>;

export const UpdateAgentBody = z
  .object({
    name: humanText(120).optional(),
    role: AgentRole.optional(),
    languages: z.array(Tag).max(20).optional(),
    skills: z.array(Tag).max(50).optional(),
    maxChats: z.number().int().min(0).max(100).optional(),
    /** false deactivates: signed out everywhere, open chats back to the queue, history kept. */
    active: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change something');
export type UpdateAgentBody = z.infer<typeof UpdateAgentBody>;

/** An invitation not yet accepted, revoked or expired, as owners and admins see it. */
export const OpenInvite = Invite.extend({
  createdAt: z.iso.datetime(),
  /** Null once the inviter's agent row is gone. */
  invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type OpenInvite = z.infer<typeof OpenInvite>;

export const AgentList = z.object({ agents: z.array(AgentAdmin), invites: z.array(OpenInvite) });
export type AgentList = z.infer<typeof AgentList>;

// ---- reports
export const ReportQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
  siteId: z.string().max(64).optional(),
  /** Conversations from the widget, or from a WhatsApp number, only. */
  channel: z.enum(['widget', 'whatsapp']).optional(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

const Seconds = z.number().nullable();
export const Report = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  days: z.array(z.object({ date: z.string(), conversations: z.number().int(), botResolved: z.number().int(), handedOff: z.number().int() })),
  totals: z.object({
    conversations: z.number().int(),
    /** Share of conversations resolved without a person, and of those handed to one, in [0, 1]. */
    botResolutionRate: z.number().nullable(),
    handoffRate: z.number().nullable(),
    medianFirstResponseSeconds: Seconds,
    medianResolutionSeconds: Seconds,
    csat: z.object({ average: z.number().nullable(), ratings: z.number().int(), satisfiedRate: z.number().nullable() }),
    slaBreaches: z.object({ firstResponse: z.number().int(), resolution: z.number().int() }),
  }),
  agents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      conversations: z.number().int(),
      resolved: z.number().int(),
      medianFirstResponseSeconds: Seconds,
      csatAverage: z.number().nullable(),
      ratings: z.number().int(),
    }),
  ),
  /**
   * Self-service: visits to the help center and the widget's Help view, those that went on to
   * start a conversation, and the share that did not (deflected); searches, those that found
   * no article; article reads; the most read articles with their "Was this helpful?" answers.
   */
  selfService: z.object({
    sessions: z.number().int(),
    escalated: z.number().int(),
    deflectionRate: z.number().nullable(),
    searches: z.number().int(),
    searchesWithoutResult: z.number().int(),
    articleViews: z.number().int(),
    articles: z.array(z.object({ id: z.string(), title: z.string(), views: z.number().int(), helpful: z.number().int(), notHelpful: z.number().int() })),
  }),
  /**
   * Tickets made in the period: per day made and resolved (a day's `resolved` counts those
   * resolved that day, whenever made), by category and by priority; the median time to the
   * first reply and to resolution; and the share of resolved tickets that were reopened.
   */
  tickets: z.object({
    created: z.number().int(),
    resolved: z.number().int(),
    medianFirstResponseSeconds: Seconds,
    medianResolutionSeconds: Seconds,
    reopenRate: z.number().nullable(),
    days: z.array(z.object({ date: z.string(), created: z.number().int(), resolved: z.number().int() })),
    byCategory: z.array(z.object({ category: z.string().nullable(), created: z.number().int(), resolved: z.number().int() })),
    byPriority: z.array(z.object({ priority: Priority.nullable(), created: z.number().int(), resolved: z.number().int() })),
  }),
});
export type Report = z.infer<typeof Report>;
