import { z } from 'zod';
import { ClientId, IdParams, MessageBody, humanText } from './text';
import { FieldRequirement, HexColor, Locale } from './site-settings';

/*
 * The visitor API under /v1/widget: the public contract the widget (and anyone building
 * their own front end) relies on. docs/api.md documents each endpoint with an example.
 */

export const SiteKey = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not a site key');

// ---- GET /v1/widget/config?site=KEY
export const WidgetConfigQuery = z.object({ site: SiteKey });
export const WidgetConfig = z.object({
  site: z.object({ key: z.string(), name: z.string() }),
  theme: z.object({ color: HexColor, position: z.enum(['right', 'left']) }),
  texts: z.object({ title: z.string(), greeting: z.string(), privacyUrl: z.string().nullable() }),
  contactFields: z.object({ name: FieldRequirement, email: FieldRequirement, phone: FieldRequirement }),
  locale: Locale.nullable(),
  agentsOnline: z.boolean(),
  /** The site's public help center, and what the launcher opens first (a site setting). */
  help: z.object({ url: z.string(), opens: z.enum(['chat', 'help']) }),
  /**
   * The categories the "Send us a message" form offers (none: it asks for none), and what the
   * widget offers when nobody can answer: the email prompt, the form, or both.
   */
  tickets: z.object({ categories: z.array(z.string()), whenOffline: z.enum(['email', 'form', 'both']) }),
  /** The site asks for consent before the first message: show `text` with a checkbox, and send `version` once agreed. */
  consent: z.object({ text: z.string(), version: z.number().int() }).nullable(),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;

// ---- POST /v1/widget/visitors
export const Email = z.email('must be an email address').max(254);
// E.164-ish: a leading +, digits, and the spaces/dashes/dots/parentheses people type.
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{5,24}$/, 'must be a phone number like +1 555 010 0000');

/**
 * The page the visitor is on, for the inbox sidebar: the widget sends `location.href` without
 * its fragment. Only http(s), since the inbox renders it as a link.
 */
export const PAGE_URL_MAX = 2000;
export const PageUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(PAGE_URL_MAX);

export const CreateVisitorBody = z.object({
  site: SiteKey,
  name: humanText(120).optional(),
  email: Email.optional(),
  phone: Phone.optional(),
  locale: z.string().min(2).max(35).optional(),
  page: PageUrl.optional(),
  /** The consent version the visitor agreed to (WidgetConfig.consent): required when the site asks for consent. */
  consent: z.number().int().min(0).optional(),
});
export type CreateVisitorBody = z.infer<typeof CreateVisitorBody>;

export const VisitorSession = z.object({
  visitorId: z.string(),
  /** Bearer token for every later call; shown once, stored by the server only as a hash. */
  token: z.string(),
  /** Open the stream after this event id (where the events log stands); load what came before with the REST endpoints. */
  eventCursor: z.number().int(),
});
export type VisitorSession = z.infer<typeof VisitorSession>;

// ---- conversations
/**
 * `pending` (waiting on the customer) and `closed` (terminal: a visitor's reply opens a new
 * ticket linked to it) are a ticket's only (docs/api.md, Tickets).
 */
export const ConversationStatus = z.enum(['bot', 'queued', 'open', 'snoozed', 'pending', 'resolved', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;
/** A live chat, or a ticket: a request that waits, with a subject and a per-site reference (docs/api.md, Tickets). */
export const ConversationKind = z.enum(['chat', 'ticket']);
export type ConversationKind = z.infer<typeof ConversationKind>;

export const AuthorType = z.enum(['visitor', 'bot', 'agent', 'system']);
export type AuthorType = z.infer<typeof AuthorType>;

/**
 * Structured parts a bot or system message carries beyond its text; the widget renders them
 * (source card, chips, feedback buttons, "Talk to a person") and the inbox shows them.
 * Unknown keys are kept so that older widgets tolerate newer servers.
 */
export const MessageMeta = z.looseObject({
  /** What the bot did: answered, asked "Did you mean…", offered a person, or handed off. */
  kind: z.enum(['answer', 'clarify', 'offer_handoff', 'handoff']).optional(),
  /** Calibrated probability that the answer is right, in [0, 1]. */
  confidence: z.number().min(0).max(1).optional(),
  /** Articles the text is grounded on, best first; `sources` repeats them with titles for the card. */
  sourceArticleIds: z.array(z.string()).optional(),
  sources: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
  /** Chips: tapping one sends `label` as the visitor's next message. */
  suggestions: z.array(z.object({ label: z.string(), articleId: z.string().optional() })).optional(),
  /** Show "Was this helpful?" for this message. */
  askFeedback: z.boolean().optional(),
  /** Show a "Talk to a person" action. */
  offerHandoff: z.boolean().optional(),
  /**
   * The detected intent, on every bot reply and handoff note: the id of the article retrieval
   * ranked first for the visitor's message, whether or not the bot dared answer with it; or,
   * when the visitor asked for a person or was fed up, that handoff intent
   * (`asked_for_person`, `frustrated`). Absent when the knowledge base had nothing to rank.
   */
  intent: z.string().optional(),
  /** On a line about a ticket (its question to the customer, its resolution, a chat made a ticket): which; its mail says so. */
  ticket: z.enum(['pending', 'resolved', 'converted']).optional(),
  /** Nobody can answer now: show an email field (set on the system message of the offline path). */
  askEmail: z.boolean().optional(),
  /** On a bot reply: the id of the visitor message it answers (`bot.delta` events carry it too). */
  replyTo: z.number().int().optional(),
  /**
   * On a visitor message: it came as an emailed reply (server/src/email/inbound.ts), not from
   * the widget. The inbox marks it "via email"; the widget ignores it.
   */
  channel: z.enum(['email', 'whatsapp']).optional(),
  /** On a WhatsApp visitor's message: the file they sent (image, document, audio, video), which agents open at `url`. */
  attachment: z.object({ url: z.string(), mime: z.string(), name: z.string().nullable() }).optional(),
  /** On an agent's message to WhatsApp past its 24-hour window: the approved template sent, with its parameters. */
  template: z.object({ name: z.string(), language: z.string(), parameters: z.array(z.string()) }).optional(),
  /** On an emailed message: how many attachments the mail had, dropped (the chat is text only). */
  droppedAttachments: z.number().int().positive().optional(),
  /**
   * On a bot reply of a site set to Claude: it was answered locally (with the article itself)
   * because the site spent its Claude calls for the day (`daily_limit`), too many answers were
   * under way (`busy`), or Claude failed (`error`). For the inbox; the widget ignores it.
   */
  localFallback: z.enum(['daily_limit', 'busy', 'error']).optional(),
});
export type MessageMeta = z.infer<typeof MessageMeta>;
export type LocalFallback = NonNullable<MessageMeta['localFallback']>;

export const Message = z.object({
  id: z.number().int(),
  conversationId: z.string(),
  clientId: z.string().nullable(),
  author: z.object({
    type: AuthorType,
    name: z.string().nullable(),
    avatarUrl: z.string().nullable(),
  }),
  body: z.string(),
  meta: MessageMeta,
  createdAt: z.iso.datetime(),
});
export type Message = z.infer<typeof Message>;

export const Conversation = z.object({
  id: z.string(),
  kind: ConversationKind,
  /** A ticket's subject and its number among the site's tickets (`#1042`); null for a chat. */
  subject: z.string().nullable(),
  reference: z.number().int().nullable(),
  status: ConversationStatus,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  lastMessage: Message.nullable(),
  /** The visitor's 1–5 rating once given (POST …/rating). */
  rating: z.number().int().nullable(),
  /** Read receipts: the last message id each side has seen. */
  visitorLastReadId: z.number().int().nullable(),
  agentLastReadId: z.number().int().nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationList = z.object({ conversations: z.array(Conversation) });
export type ConversationList = z.infer<typeof ConversationList>;

/** A visit to the help center or the widget's Help view (help/measure.ts), made by the server or, for the widget, by the widget per page load. */
export const HelpSessionId = z.string().regex(/^hs_[\w-]{16,40}$/, 'is not a help session id');

/** `helpSession`: the help visit the conversation started from, so it counts as not deflected. */
export const CreateConversationBody = z.object({ clientId: ClientId, helpSession: HelpSessionId.optional() });
export type CreateConversationBody = z.infer<typeof CreateConversationBody>;

export const ConversationParams = IdParams;

export const MessagesQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MessagesQuery = z.infer<typeof MessagesQuery>;

export const MessagePage = z.object({
  messages: z.array(Message),
  /** True when more messages follow the last one returned: ask again with `after` = its id. */
  hasMore: z.boolean(),
});
export type MessagePage = z.infer<typeof MessagePage>;

export const PostMessageBody = z.object({ clientId: ClientId, body: MessageBody });
export type PostMessageBody = z.infer<typeof PostMessageBody>;

// ---- GET /v1/widget/stream
export const StreamQuery = z.object({
  token: z.string().max(200).optional(),
  lastEventId: z.coerce.number().int().min(0).optional(),
});

// ---- GET /v1/widget/conversations/:id/queue
/** Where a handed-off conversation stands, for the widget's "An agent will reply shortly". */
export const QueueState = z.object({
  status: ConversationStatus,
  /** 1-based place in the queue while waiting for an agent, else null. */
  position: z.number().int().nullable(),
  /** Median first-response time of the site's last 7 days, in seconds; null without data. */
  expectedWaitSeconds: z.number().int().nullable(),
  agentsOnline: z.boolean(),
  /** Nobody could answer live: the reply comes by email (to `email`, when the visitor gave one). */
  emailFollowUp: z.boolean(),
  email: z.string().nullable(),
});
export type QueueState = z.infer<typeof QueueState>;
