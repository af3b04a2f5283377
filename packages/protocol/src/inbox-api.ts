import { z } from 'zod';
import { ClientId, IdParams, MessageBody, humanText } from './text';
import { ConversationStatus, Email, Message } from './widget-api';
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

export const InviteToken = z.string().min(10).max(200).regex(/^[A-Za-z0-9_-]+$/, 'is not an invitation token');
export const InviteParams = z.object({ token: InviteToken });

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

// ---- conversations
export const InboxView = z.enum(['unassigned', 'mine', 'all']);
export type InboxView = z.infer<typeof InboxView>;

export const ConversationListQuery = z.object({
  view: InboxView.default('all'),
  status: ConversationStatus.optional(),
  siteId: z.string().max(64).optional(),
  /** Visitor name or email, or words in any message. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

/** Where an SLA deadline stands: `met` once answered/resolved in time. */
export const SlaState = z.enum(['none', 'ok', 'due_soon', 'breached', 'met']);
export type SlaState = z.infer<typeof SlaState>;

export const AgentRef = z.object({ id: z.string(), name: z.string() });

/** A conversation as the inbox lists it. */
export const InboxConversation = z.object({
  id: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
  status: ConversationStatus,
  assignee: AgentRef.nullable(),
  priority: Priority.nullable(),
  category: z.string().nullable(),
  sentiment: z.number().int().nullable(),
  language: z.string().nullable(),
  visitor: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  lastMessage: Message.nullable(),
  /** Visitor messages this agent has not read yet. */
  unread: z.number().int(),
  rating: z.number().int().nullable(),
  emailFollowUp: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  queuedAt: z.iso.datetime().nullable(),
  firstResponseAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  snoozedUntil: z.iso.datetime().nullable(),
  firstResponseDueAt: z.iso.datetime().nullable(),
  resolutionDueAt: z.iso.datetime().nullable(),
  sla: z.object({ firstResponse: SlaState, resolution: SlaState }),
});
export type InboxConversation = z.infer<typeof InboxConversation>;

export const InboxConversationList = z.object({
  conversations: z.array(InboxConversation),
  /** Badge counts for the views, whatever the filters. */
  counts: z.object({ unassigned: z.number().int(), mine: z.number().int(), unread: z.number().int() }),
});
export type InboxConversationList = z.infer<typeof InboxConversationList>;

/** A message as agents see it: private notes included and flagged. */
export const InboxMessage = Message.extend({ internal: z.boolean() });
export type InboxMessage = z.infer<typeof InboxMessage>;

/** The visitor as the inbox sidebar shows them. */
export const InboxVisitor = z.object({
  id: z.string(),
  /** The site's own user id, when the visitor was identified (verified by HMAC). */
  userId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  /** The page the widget last reported the visitor on, and when. */
  pageUrl: z.string().nullable(),
  pageSeenAt: z.iso.datetime().nullable(),
  /** Read from the User-Agent header, e.g. "Chrome 124 on Windows". */
  browser: z.string().nullable(),
  /** What the site set with Parley('update', { attributes }) (plan, order id, …). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type InboxVisitor = z.infer<typeof InboxVisitor>;

export const ConversationDetail = z.object({
  conversation: InboxConversation,
  messages: z.array(InboxMessage),
  visitor: InboxVisitor,
  pastConversations: z.array(z.object({ id: z.string(), status: ConversationStatus, createdAt: z.iso.datetime(), lastMessage: z.string().nullable() })),
  /** Id of the last agent message the visitor has read, when the widget reports it. */
  visitorReadMessageId: z.number().int().nullable(),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const InboxConversationParams = IdParams;

export const AgentMessageBody = z.object({
  clientId: ClientId,
  body: MessageBody,
  /** A private note: agents see it, the visitor never does. */
  internal: z.boolean().default(false),
});
export type AgentMessageBody = z.infer<typeof AgentMessageBody>;

export const ConversationPatchBody = z
  .object({
    status: z.enum(['open', 'snoozed', 'resolved']).optional(),
    /** Required with status `snoozed`: it reopens by itself then (or when the visitor writes). */
    snoozedUntil: z.iso.datetime().optional(),
    assigneeId: z.string().max(64).nullable().optional(),
    priority: Priority.nullable().optional(),
    category: z.string().trim().max(60).nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'must change something')
  .refine((p) => (p.status === 'snoozed') === (p.snoozedUntil !== undefined), 'snoozedUntil goes with status "snoozed", and only with it');
export type ConversationPatchBody = z.infer<typeof ConversationPatchBody>;

/** The reply the configured provider suggests; the agent edits it before sending. */
export const Draft = z.object({ body: z.string(), sources: z.array(z.object({ id: z.string(), title: z.string() })) });
export type Draft = z.infer<typeof Draft>;

// ---- canned responses
export const Shortcut = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a short word like "refund" (letters, digits, - and _)');
export const CannedResponseBody = z.object({ shortcut: Shortcut, title: humanText(80), body: MessageBody });
export type CannedResponseBody = z.infer<typeof CannedResponseBody>;
export const CannedResponse = CannedResponseBody.extend({ id: z.string() });
export type CannedResponse = z.infer<typeof CannedResponse>;
export const CannedResponseList = z.object({ cannedResponses: z.array(CannedResponse) });
export type CannedResponseList = z.infer<typeof CannedResponseList>;

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

export const AgentList = z.object({ agents: z.array(AgentAdmin), invites: z.array(Invite) });
export type AgentList = z.infer<typeof AgentList>;

// ---- reports
export const ReportQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
  siteId: z.string().max(64).optional(),
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
});
export type Report = z.infer<typeof Report>;
