import * as sqlite from './schema';

/*
 * The tables every query names, bound to the engine's own definitions when the store opens
 * (store.ts): drizzle builds SQL and maps values by the table it is given, and SQLite and
 * PostgreSQL tables cannot be one object. Features import them from here; their types are the
 * SQLite definitions', which the PostgreSQL ones match column for column (schema-drift.test.ts).
 * One engine per process: bound once, before anything queries.
 */

export let accounts = sqlite.accounts;
export let agentAvatars = sqlite.agentAvatars;
export let agentDevices = sqlite.agentDevices;
export let agents = sqlite.agents;
export let apiTokens = sqlite.apiTokens;
export let articleFeedback = sqlite.articleFeedback;
export let articleViews = sqlite.articleViews;
export let articles = sqlite.articles;
export let auditLog = sqlite.auditLog;
export let botGapReviews = sqlite.botGapReviews;
export let cannedResponses = sqlite.cannedResponses;
export let consentRecords = sqlite.consentRecords;
export let conversationReads = sqlite.conversationReads;
export let conversations = sqlite.conversations;
export let emailLog = sqlite.emailLog;
export let erasedConversations = sqlite.erasedConversations;
export let events = sqlite.events;
export let helpSearches = sqlite.helpSearches;
export let helpSessions = sqlite.helpSessions;
export let invites = sqlite.invites;
export let kbCategories = sqlite.kbCategories;
export let kbRevisions = sqlite.kbRevisions;
export let loginThrottle = sqlite.loginThrottle;
export let messageFeedback = sqlite.messageFeedback;
export let messages = sqlite.messages;
export let passwordResets = sqlite.passwordResets;
export let providerUsage = sqlite.providerUsage;
export let rateBuckets = sqlite.rateBuckets;
export let sessions = sqlite.sessions;
export let sites = sqlite.sites;
export let visitorTokens = sqlite.visitorTokens;
export let visitors = sqlite.visitors;
export let webhookCursor = sqlite.webhookCursor;
export let webhookDeliveries = sqlite.webhookDeliveries;
export let webhooks = sqlite.webhooks;
export let whatsappChannels = sqlite.whatsappChannels;
export let whatsappInbound = sqlite.whatsappInbound;
export let whatsappMedia = sqlite.whatsappMedia;
export let whatsappMessages = sqlite.whatsappMessages;

export type Tables = typeof sqlite;

/** Binds every table to `tables` (the engine's schema, shaped like SQLite's). */
export function bindTables(tables: Tables): void {
  accounts = tables.accounts;
  agentAvatars = tables.agentAvatars;
  agentDevices = tables.agentDevices;
  agents = tables.agents;
  apiTokens = tables.apiTokens;
  articleFeedback = tables.articleFeedback;
  articleViews = tables.articleViews;
  articles = tables.articles;
  auditLog = tables.auditLog;
  botGapReviews = tables.botGapReviews;
  cannedResponses = tables.cannedResponses;
  consentRecords = tables.consentRecords;
  conversationReads = tables.conversationReads;
  conversations = tables.conversations;
  emailLog = tables.emailLog;
  erasedConversations = tables.erasedConversations;
  events = tables.events;
  helpSearches = tables.helpSearches;
  helpSessions = tables.helpSessions;
  invites = tables.invites;
  kbCategories = tables.kbCategories;
  kbRevisions = tables.kbRevisions;
  loginThrottle = tables.loginThrottle;
  messageFeedback = tables.messageFeedback;
  messages = tables.messages;
  passwordResets = tables.passwordResets;
  providerUsage = tables.providerUsage;
  rateBuckets = tables.rateBuckets;
  sessions = tables.sessions;
  sites = tables.sites;
  visitorTokens = tables.visitorTokens;
  visitors = tables.visitors;
  webhookCursor = tables.webhookCursor;
  webhookDeliveries = tables.webhookDeliveries;
  webhooks = tables.webhooks;
  whatsappChannels = tables.whatsappChannels;
  whatsappInbound = tables.whatsappInbound;
  whatsappMedia = tables.whatsappMedia;
  whatsappMessages = tables.whatsappMessages;
}
